//! Every word the editor window shows, in English and Polish: one table, so
//! a missing translation is a compile error, not an English word in a Polish menu.

use crate::i18n::{Counted, Lang};

/// A piece of the window's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[expect(missing_docs, reason = "each variant is named after its English text")]
pub enum T {
    File,
    Edit,
    View,
    Journey,
    Help,
    New,
    NewFromTemplate,
    Open,
    OpenRecent,
    NoRecentFiles,
    Save,
    SaveAs,
    ExportPng,
    Quit,
    Undo,
    Redo,
    Copy,
    Paste,
    Duplicate,
    Delete,
    NewCard,
    EditText,
    ZoomIn,
    ZoomOut,
    ZoomFit,
    Zoom100,
    CommandPalette,
    ThemeLight,
    ThemeDark,
    Language,
    AddJourney,
    DuplicateJourney,
    DeleteJourney,
    MoveJourneyLeft,
    MoveJourneyRight,
    AddStage,
    AddStep,
    AddPersona,
    ClearScore,
    Inspector,
    Personas,
    Canvas,
    Cell,
    Stage,
    Step,
    Lane,
    Card,
    Link,
    LinkFrom,
    Emotion,
    CardText,
    Untitled,
    UnsavedTitle,
    UnsavedQuestion,
    Discard,
    Cancel,
    Ok,
    Path,
    PathPrompt,
    Scale,
    Title,
    Description,
    EmotionScale,
    Min,
    Max,
    Lanes,
    Hidden,
    Name,
    Goal,
    Kind,
    AsIs,
    ToBe,
    Funnel,
    CustomerRole,
    Kpis,
    Target,
    Actual,
    Unit,
    AddKpi,
    Text,
    Details,
    Channel,
    Intent,
    Media,
    Severity,
    Votes,
    EvidenceSource,
    EvidenceDate,
    None,
    Score,
    MomentOfTruth,
    Label,
    From,
    To,
    Role,
    Industry,
    AgeBand,
    Location,
    Quote,
    Photo,
    ChoosePhoto,
    PhotoCopied,
    PhotoNeedsSavedMap,
    PhotoNotUsed,
    Primary,
    PersonaInUse,
    RemoveFromJourneys,
    Saved,
    Opened,
    OpenedReadOnly,
    Exported,
    NothingSelected,
    SearchCommands,
    Map,
    Moved,
    Recover,
    NothingToRecover,
    RecoverTitle,
    RecoverText,
    Restore,
    DecideLater,
    SavedAutomatically,
    Restored,
    AutosaveFailed,
    ReloadedOutside,
    ChangedOutsideTitle,
    ChangedOutsideText,
    ReloadTheirs,
    KeepMine,
    ShowDifference,
    DifferenceHeading,
    NoDifference,
    DeletedOutside,
    SameOutside,
    UnreadableOutside,
    SaveFailedTitle,
    SaveFailedText,
    Conflicts,
    ConflictsHelp,
    KeepOurs,
    TakeTheirs,
    Ours,
    Theirs,
    SaveCopyTitle,
    SaveCopyLoses,
    SaveCopyNothingLost,
    SaveCopy,
    ReadOnlyEdit,
    WouldOverwriteNewer,
}

impl T {
    /// The text in `lang`.
    #[expect(clippy::too_many_lines, reason = "one line per phrase")]
    pub fn get(self, lang: Lang) -> &'static str {
        let (en, pl) = match self {
            T::File => ("File", "Plik"),
            T::Edit => ("Edit", "Edycja"),
            T::View => ("View", "Widok"),
            T::Journey => ("Journey", "Ścieżka"),
            T::Help => ("Help", "Pomoc"),
            T::New => ("New", "Nowa mapa"),
            T::NewFromTemplate => ("New from template", "Nowa z szablonu"),
            T::Open => ("Open…", "Otwórz…"),
            T::OpenRecent => ("Open recent", "Ostatnio otwierane"),
            T::NoRecentFiles => ("No recent files", "Brak ostatnich plików"),
            T::Save => ("Save", "Zapisz"),
            T::SaveAs => ("Save as…", "Zapisz jako…"),
            T::ExportPng => ("Export PNG…", "Eksportuj PNG…"),
            T::Quit => ("Quit", "Zakończ"),
            T::Undo => ("Undo", "Cofnij"),
            T::Redo => ("Redo", "Ponów"),
            T::Copy => ("Copy", "Kopiuj"),
            T::Paste => ("Paste", "Wklej"),
            T::Duplicate => ("Duplicate", "Duplikuj"),
            T::Delete => ("Delete", "Usuń"),
            T::NewCard => ("New card", "Nowa karta"),
            T::EditText => ("Edit text", "Edytuj tekst"),
            T::ZoomIn => ("Zoom in", "Powiększ"),
            T::ZoomOut => ("Zoom out", "Pomniejsz"),
            T::ZoomFit => ("Zoom to fit", "Dopasuj do okna"),
            T::Zoom100 => ("Actual size (100%)", "Rzeczywisty rozmiar (100%)"),
            T::CommandPalette => ("Command palette", "Paleta poleceń"),
            T::ThemeLight => ("Light theme", "Jasny motyw"),
            T::ThemeDark => ("Dark theme", "Ciemny motyw"),
            T::Language => ("Language", "Język"),
            T::AddJourney => ("Add journey", "Dodaj ścieżkę"),
            T::DuplicateJourney => (
                "Duplicate journey as to-be",
                "Duplikuj ścieżkę jako docelową",
            ),
            T::DeleteJourney => ("Delete journey", "Usuń ścieżkę"),
            T::MoveJourneyLeft => ("Move journey left", "Przesuń ścieżkę w lewo"),
            T::MoveJourneyRight => ("Move journey right", "Przesuń ścieżkę w prawo"),
            T::AddStage => ("Add stage", "Dodaj etap"),
            T::AddStep => ("Add step", "Dodaj krok"),
            T::AddPersona => ("Add persona", "Dodaj personę"),
            T::ClearScore => ("Clear emotion score", "Usuń ocenę emocji"),
            T::Inspector => ("Inspector", "Właściwości"),
            T::Personas => ("Personas", "Persony"),
            T::Canvas => ("Journey canvas", "Płótno ścieżki"),
            T::Cell => ("Cell", "Komórka"),
            T::Stage => ("Stage", "Etap"),
            T::Step => ("Step", "Krok"),
            T::Lane => ("Lane", "Wiersz"),
            T::Card => ("Card", "Karta"),
            T::Link => ("Link", "Połączenie"),
            T::LinkFrom => ("Draw a link from", "Narysuj połączenie z"),
            T::Emotion => ("Emotion at", "Emocja w kroku"),
            T::CardText => ("Card text", "Tekst karty"),
            T::Untitled => ("untitled", "bez nazwy"),
            T::UnsavedTitle => ("Unsaved changes", "Niezapisane zmiany"),
            T::UnsavedQuestion => (
                "The map has changes that are not saved. Save them first?",
                "Mapa ma niezapisane zmiany. Zapisać je?",
            ),
            T::Discard => ("Discard", "Odrzuć"),
            T::Cancel => ("Cancel", "Anuluj"),
            T::Ok => ("OK", "OK"),
            T::Path => ("Path", "Ścieżka pliku"),
            T::PathPrompt => (
                "No file dialog is available here; type the file's path:",
                "Okno wyboru pliku jest niedostępne; wpisz ścieżkę pliku:",
            ),
            T::Scale => ("Scale", "Skala"),
            T::Title => ("Title", "Tytuł"),
            T::Description => ("Description", "Opis"),
            T::EmotionScale => ("Emotion scale", "Skala emocji"),
            T::Min => ("From", "Od"),
            T::Max | T::To => ("To", "Do"),
            T::Lanes => ("Lanes", "Wiersze"),
            T::Hidden => ("Hidden", "Ukryty"),
            T::Name => ("Name", "Nazwa"),
            T::Goal => ("Goal", "Cel"),
            T::Kind => ("Kind", "Rodzaj"),
            T::AsIs => ("As-is", "Obecna"),
            T::ToBe => ("To-be", "Docelowa"),
            T::Funnel => ("Funnel", "Lejek"),
            T::CustomerRole => ("Customer role", "Rola klienta"),
            T::Kpis => ("KPIs", "KPI"),
            T::Target => ("Target", "Cel"),
            T::Actual => ("Actual", "Wynik"),
            T::Unit => ("Unit", "Jednostka"),
            T::AddKpi => ("Add KPI", "Dodaj KPI"),
            T::Text => ("Text", "Tekst"),
            T::Details => ("Details", "Szczegóły"),
            T::Channel => ("Channel", "Kanał"),
            T::Intent => ("Intent", "Intencja"),
            T::Media => ("Owned / paid / earned", "Własne / płatne / zdobyte"),
            T::Severity => ("Severity", "Dotkliwość"),
            T::Votes => ("Votes", "Głosy"),
            T::EvidenceSource => ("Evidence source", "Źródło danych"),
            T::EvidenceDate => ("Evidence date", "Data danych"),
            T::None => ("none", "brak"),
            T::Score => ("Emotion score", "Ocena emocji"),
            T::MomentOfTruth => ("Moment of truth", "Moment prawdy"),
            T::Label => ("Label", "Etykieta"),
            T::From => ("From", "Z"),
            T::Role => ("Role", "Stanowisko"),
            T::Industry => ("Industry", "Branża"),
            T::AgeBand => ("Age band", "Wiek"),
            T::Location => ("Location", "Miejsce"),
            T::Quote => ("Quote", "Cytat"),
            T::Photo => ("Photo", "Zdjęcie"),
            T::ChoosePhoto => ("Choose photo…", "Wybierz zdjęcie…"),
            T::PhotoCopied => (
                "The photo was outside the map's repository, so a copy was put beside the map:",
                "Zdjęcie było poza repozytorium mapy, więc jego kopia trafiła obok mapy:",
            ),
            T::PhotoNeedsSavedMap => (
                "Save the map first: a photo is kept beside the map, in its repository.",
                "Najpierw zapisz mapę: zdjęcie trzyma się obok mapy, w jej repozytorium.",
            ),
            T::PhotoNotUsed => ("The photo cannot be used:", "Nie można użyć zdjęcia:"),
            T::Primary => ("primary", "główna"),
            T::PersonaInUse => (
                "This persona is used by these journeys; it is removed from them too:",
                "Tej persony używają te ścieżki; zostanie z nich usunięta:",
            ),
            T::RemoveFromJourneys => (
                "Delete persona and remove it from the journeys",
                "Usuń personę także ze ścieżek",
            ),
            T::Saved => ("Saved", "Zapisano"),
            T::Opened => ("Opened", "Otwarto"),
            T::OpenedReadOnly => ("Opened read-only", "Otwarto tylko do odczytu"),
            T::Exported => ("Exported", "Wyeksportowano"),
            T::NothingSelected => (
                "Click a card, stage, step or lane to see its fields.",
                "Kliknij kartę, etap, krok lub wiersz, aby zobaczyć jego pola.",
            ),
            T::SearchCommands => ("Search commands", "Szukaj poleceń"),
            T::Map => ("Map", "Mapa"),
            T::Moved => ("Moved", "Przeniesiono"),
            T::Recover => ("Recover unsaved work…", "Odzyskaj niezapisaną pracę…"),
            T::NothingToRecover => (
                "No unsaved work was left by a window that closed without saving.",
                "Żadne okno nie zostawiło niezapisanej pracy.",
            ),
            T::RecoverTitle => ("Unsaved work found", "Znaleziono niezapisaną pracę"),
            T::RecoverText => (
                "journeymap closed without saving this work. Restore it to go on where you were.",
                "journeymap zamknął się, zanim ta praca została zapisana. Przywróć ją, aby kontynuować.",
            ),
            T::Restore => ("Restore", "Przywróć"),
            T::DecideLater => ("Decide later", "Zdecyduj później"),
            T::Conflicts => ("Merge conflicts", "Konflikty scalania"),
            T::ConflictsHelp => (
                "A merge left these with two values; the map shows ours until you choose, and stays unsaved until all are resolved.",
                "Scalanie zostawiło tu dwie wartości; mapa pokazuje naszą, dopóki nie wybierzesz, i pozostaje niezapisana, dopóki wszystkie nie zostaną rozwiązane.",
            ),
            T::KeepOurs => ("Keep ours", "Zostaw naszą"),
            T::TakeTheirs => ("Take theirs", "Weź ich"),
            T::Ours => ("ours", "nasza"),
            T::Theirs => ("theirs", "ich"),
            T::SaveCopyTitle => (
                "Save a copy in this journeymap's version?",
                "Zapisać kopię w wersji tego journeymap?",
            ),
            T::SaveCopyLoses => (
                "This journeymap does not know these parts of the map; the copy will not have them:",
                "Ten journeymap nie zna tych części mapy; kopia ich nie będzie miała:",
            ),
            T::SaveCopyNothingLost => (
                "Every field of the map was understood, but the newer version may give some of them a meaning this one does not know.",
                "Wszystkie pola mapy zostały odczytane, ale nowsza wersja może nadawać niektórym znaczenie, którego ta nie zna.",
            ),
            T::SaveCopy => ("Save a copy…", "Zapisz kopię…"),
            T::ReadOnlyEdit => (
                "This map is read-only; save a copy to edit it",
                "Ta mapa jest tylko do odczytu; zapisz kopię, aby ją edytować",
            ),
            T::WouldOverwriteNewer => (
                "The copy would replace the newer map; choose another name",
                "Kopia zastąpiłaby nowszą mapę; wybierz inną nazwę",
            ),
            T::SavedAutomatically => ("saved automatically", "zapisano automatycznie"),
            T::Restored => (
                "Restored unsaved work; save it to keep it:",
                "Przywrócono niezapisaną pracę; zapisz ją, aby ją zachować:",
            ),
            T::AutosaveFailed => ("Autosave failed", "Autozapis nie powiódł się"),
            T::ReloadedOutside => (
                "Changed on disk, loaded again:",
                "Zmieniono na dysku, wczytano ponownie:",
            ),
            T::ChangedOutsideTitle => ("The map changed on disk", "Mapa zmieniła się na dysku"),
            T::ChangedOutsideText => (
                "Another program changed this map while you have unsaved changes:",
                "Inny program zmienił tę mapę, a masz niezapisane zmiany:",
            ),
            T::ReloadTheirs => (
                "Load theirs (drop my changes)",
                "Wczytaj wersję z dysku (porzuć moje zmiany)",
            ),
            T::KeepMine => ("Keep mine", "Zachowaj moją"),
            T::DifferenceHeading => (
                "Loading theirs would change your map like this:",
                "Wczytanie wersji z dysku zmieni Twoją mapę tak:",
            ),
            T::ShowDifference => ("Show the difference", "Pokaż różnice"),
            T::NoDifference => (
                "The map on disk holds the same items as yours.",
                "Mapa na dysku ma te same elementy co Twoja.",
            ),
            T::DeletedOutside => (
                "The file was deleted or moved on disk; Save writes it again:",
                "Plik usunięto lub przeniesiono; Zapisz utworzy go ponownie:",
            ),
            T::SameOutside => (
                "The file on disk holds this map now; nothing is unsaved:",
                "Plik na dysku zawiera teraz tę mapę; nic nie jest niezapisane:",
            ),
            T::UnreadableOutside => (
                "Changed on disk, but it cannot be read; this version stays open:",
                "Zmieniono na dysku, ale nie da się tego odczytać; zostaje ta wersja:",
            ),
            T::SaveFailedTitle => ("Cannot save", "Nie można zapisać"),
            T::SaveFailedText => (
                "Your changes are still here, not saved. Save them somewhere else, or fix the problem and save again.",
                "Twoje zmiany wciąż tu są, niezapisane. Zapisz je w innym miejscu albo usuń problem i zapisz ponownie.",
            ),
        };
        match lang {
            Lang::En => en,
            Lang::Pl => pl,
        }
    }
}

/// The banner over a map from a newer journeymap, naming both versions.
pub fn read_only(lang: Lang, found: u64, supported: u32) -> String {
    match lang {
        Lang::En => format!(
            "Read-only: this map has file version {found}, from a newer journeymap; this one reads versions up to {supported}. Save is off so the newer file is never written over; Save as… makes a copy in version {supported}."
        ),
        Lang::Pl => format!(
            "Tylko do odczytu: ta mapa ma wersję pliku {found}, z nowszego journeymap; ten odczytuje wersje do {supported}. Zapis jest wyłączony, aby nie nadpisać nowszego pliku; Zapisz jako… tworzy kopię w wersji {supported}."
        ),
    }
}

/// "3 cards" / "3 karty": the card count of a journey, for its tab's tooltip and the status bar.
pub fn cards(lang: Lang, n: usize) -> String {
    lang.count(u64::try_from(n).unwrap_or(u64::MAX), Counted::Cards)
}

/// How long ago, in the unit a reader wants: `5 min ago`, `3 h ago`,
/// `2 days ago` (`5 min temu`, `3 godz. temu`, `2 dni temu`).
pub fn ago(lang: Lang, seconds: u64) -> String {
    let minutes = seconds / 60;
    let hours = minutes / 60;
    let days = hours / 24;
    match lang {
        Lang::En if hours < 2 => format!("{minutes} min ago"),
        Lang::En if days < 2 => format!("{hours} h ago"),
        Lang::En => format!("{days} days ago"),
        Lang::Pl if hours < 2 => format!("{minutes} min temu"),
        Lang::Pl if days < 2 => format!("{hours} godz. temu"),
        Lang::Pl => format!("{days} dni temu"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ago_takes_the_unit_a_reader_wants() {
        assert_eq!(ago(Lang::En, 59), "0 min ago");
        assert_eq!(ago(Lang::En, 119 * 60), "119 min ago");
        assert_eq!(ago(Lang::En, 2 * 3600), "2 h ago");
        assert_eq!(ago(Lang::En, 47 * 3600 + 3599), "47 h ago");
        assert_eq!(ago(Lang::En, 3 * 86_400), "3 days ago");
        assert_eq!(ago(Lang::Pl, 5 * 60), "5 min temu");
        assert_eq!(ago(Lang::Pl, 5 * 3600), "5 godz. temu");
        assert_eq!(ago(Lang::Pl, 9 * 86_400), "9 dni temu");
    }

    #[test]
    fn polish_card_counts_take_three_forms() {
        assert_eq!(cards(Lang::Pl, 1), "1 karta");
        assert_eq!(cards(Lang::Pl, 2), "2 karty");
        assert_eq!(cards(Lang::Pl, 5), "5 kart");
        assert_eq!(cards(Lang::Pl, 12), "12 kart");
        assert_eq!(cards(Lang::Pl, 22), "22 karty");
        assert_eq!(cards(Lang::En, 1), "1 card");
        assert_eq!(cards(Lang::En, 5), "5 cards");
    }
}
