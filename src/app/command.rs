//! One enum for everything the user can ask for: each command knows its
//! label, its shortcut and its menu, so the menus, the shortcut handling and
//! the command palette are built from one list and never disagree.

use eframe::egui::{Key, KeyboardShortcut, Modifiers};

use super::text::T;
use crate::i18n::Lang;

/// A command of the editor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[expect(missing_docs, reason = "each variant is named after its label")]
pub enum Command {
    New,
    Open,
    Save,
    SaveAs,
    ExportPng,
    Recover,
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
    Palette,
    ThemeLight,
    ThemeDark,
    LangEn,
    LangPl,
    AddJourney,
    DuplicateJourney,
    DeleteJourney,
    MoveJourneyLeft,
    MoveJourneyRight,
    AddStage,
    AddStep,
    AddPersona,
    ClearScore,
}

/// The menu a command sits in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Menu {
    /// File.
    File,
    /// Edit.
    Edit,
    /// View.
    View,
    /// Journey.
    Journey,
}

impl Menu {
    /// Every menu, left to right.
    pub const ALL: [Menu; 4] = [Menu::File, Menu::Edit, Menu::View, Menu::Journey];

    /// The menu's title.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Menu::File => T::File,
            Menu::Edit => T::Edit,
            Menu::View => T::View,
            Menu::Journey => T::Journey,
        }
        .get(lang)
    }
}

const CTRL: Modifiers = Modifiers::COMMAND;
const CTRL_SHIFT: Modifiers = Modifiers {
    shift: true,
    ..Modifiers::COMMAND
};

impl Command {
    /// Every command, in menu order.
    pub const ALL: [Command; 33] = [
        Command::New,
        Command::Open,
        Command::Save,
        Command::SaveAs,
        Command::ExportPng,
        Command::Recover,
        Command::Quit,
        Command::Undo,
        Command::Redo,
        Command::Copy,
        Command::Paste,
        Command::Duplicate,
        Command::Delete,
        Command::NewCard,
        Command::EditText,
        Command::Palette,
        Command::ZoomIn,
        Command::ZoomOut,
        Command::ZoomFit,
        Command::Zoom100,
        Command::ThemeLight,
        Command::ThemeDark,
        Command::LangEn,
        Command::LangPl,
        Command::AddJourney,
        Command::DuplicateJourney,
        Command::DeleteJourney,
        Command::MoveJourneyLeft,
        Command::MoveJourneyRight,
        Command::AddStage,
        Command::AddStep,
        Command::AddPersona,
        Command::ClearScore,
    ];

    /// The command's label in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Command::New => T::New.get(lang),
            Command::Open => T::Open.get(lang),
            Command::Save => T::Save.get(lang),
            Command::SaveAs => T::SaveAs.get(lang),
            Command::ExportPng => T::ExportPng.get(lang),
            Command::Recover => T::Recover.get(lang),
            Command::Quit => T::Quit.get(lang),
            Command::Undo => T::Undo.get(lang),
            Command::Redo => T::Redo.get(lang),
            Command::Copy => T::Copy.get(lang),
            Command::Paste => T::Paste.get(lang),
            Command::Duplicate => T::Duplicate.get(lang),
            Command::Delete => T::Delete.get(lang),
            Command::NewCard => T::NewCard.get(lang),
            Command::EditText => T::EditText.get(lang),
            Command::ZoomIn => T::ZoomIn.get(lang),
            Command::ZoomOut => T::ZoomOut.get(lang),
            Command::ZoomFit => T::ZoomFit.get(lang),
            Command::Zoom100 => T::Zoom100.get(lang),
            Command::Palette => T::CommandPalette.get(lang),
            Command::ThemeLight => T::ThemeLight.get(lang),
            Command::ThemeDark => T::ThemeDark.get(lang),
            Command::LangEn => "English",
            Command::LangPl => "Polski",
            Command::AddJourney => T::AddJourney.get(lang),
            Command::DuplicateJourney => T::DuplicateJourney.get(lang),
            Command::DeleteJourney => T::DeleteJourney.get(lang),
            Command::MoveJourneyLeft => T::MoveJourneyLeft.get(lang),
            Command::MoveJourneyRight => T::MoveJourneyRight.get(lang),
            Command::AddStage => T::AddStage.get(lang),
            Command::AddStep => T::AddStep.get(lang),
            Command::AddPersona => T::AddPersona.get(lang),
            Command::ClearScore => T::ClearScore.get(lang),
        }
    }

    /// The keyboard shortcut, if the command has one.
    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        let (modifiers, key) = match self {
            Command::New => (CTRL, Key::N),
            Command::Open => (CTRL, Key::O),
            Command::Save => (CTRL, Key::S),
            Command::SaveAs => (CTRL_SHIFT, Key::S),
            Command::ExportPng => (CTRL, Key::E),
            Command::Quit => (CTRL, Key::Q),
            Command::Undo => (CTRL, Key::Z),
            Command::Redo => (CTRL_SHIFT, Key::Z),
            Command::Duplicate => (CTRL, Key::D),
            Command::Delete => (Modifiers::NONE, Key::Delete),
            Command::NewCard => (Modifiers::NONE, Key::N),
            Command::EditText => (Modifiers::NONE, Key::F2),
            Command::Palette => (CTRL, Key::K),
            Command::ZoomIn => (CTRL, Key::Plus),
            Command::ZoomOut => (CTRL, Key::Minus),
            Command::ZoomFit => (CTRL, Key::Num1),
            Command::Zoom100 => (CTRL, Key::Num0),
            Command::AddStage => (CTRL_SHIFT, Key::G),
            Command::AddStep => (CTRL_SHIFT, Key::T),
            // Copy and paste arrive as clipboard events, not key presses.
            _ => return None,
        };
        Some(KeyboardShortcut::new(modifiers, key))
    }

    /// Other shortcuts that run the command too (Ctrl+Y for redo).
    pub fn alternative_shortcut(self) -> Option<KeyboardShortcut> {
        match self {
            Command::Redo => Some(KeyboardShortcut::new(CTRL, Key::Y)),
            Command::Delete => Some(KeyboardShortcut::new(Modifiers::NONE, Key::Backspace)),
            Command::EditText => Some(KeyboardShortcut::new(Modifiers::NONE, Key::Enter)),
            Command::ZoomIn => Some(KeyboardShortcut::new(CTRL, Key::Equals)),
            _ => None,
        }
    }

    /// The shortcut as menus show it, e.g. `Ctrl+Shift+Z`; the clipboard
    /// commands show the keys the system uses for them.
    pub fn shortcut_text(self) -> String {
        match self {
            Command::Copy => "Ctrl+C".to_owned(),
            Command::Paste => "Ctrl+V".to_owned(),
            _ => self.shortcut().map_or_else(String::new, |s| {
                s.format(&eframe::egui::ModifierNames::NAMES, false)
            }),
        }
    }

    /// A menu or palette button: the label, and the shortcut on the right.
    pub fn button(self, lang: Lang) -> eframe::egui::Button<'static> {
        let button = eframe::egui::Button::new(self.label(lang));
        let shortcut = self.shortcut_text();
        if shortcut.is_empty() {
            button
        } else {
            button.shortcut_text(shortcut)
        }
    }

    /// True for shortcuts without Ctrl, which typing into a text field must not trigger.
    pub fn is_plain_key(shortcut: KeyboardShortcut) -> bool {
        !shortcut.modifiers.command && !shortcut.modifiers.ctrl
    }

    /// The menu it sits in.
    pub fn menu(self) -> Menu {
        use Command as C;
        match self {
            C::New | C::Open | C::Save | C::SaveAs | C::ExportPng | C::Recover | C::Quit => {
                Menu::File
            }
            C::Undo
            | C::Redo
            | C::Copy
            | C::Paste
            | C::Duplicate
            | C::Delete
            | C::NewCard
            | C::EditText
            | C::Palette
            | C::ClearScore => Menu::Edit,
            C::ZoomIn
            | C::ZoomOut
            | C::ZoomFit
            | C::Zoom100
            | C::ThemeLight
            | C::ThemeDark
            | C::LangEn
            | C::LangPl => Menu::View,
            C::AddJourney
            | C::DuplicateJourney
            | C::DeleteJourney
            | C::MoveJourneyLeft
            | C::MoveJourneyRight
            | C::AddStage
            | C::AddStep
            | C::AddPersona => Menu::Journey,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn no_two_commands_share_a_shortcut() {
        let mut seen = HashSet::new();
        for command in Command::ALL {
            for shortcut in [command.shortcut(), command.alternative_shortcut()]
                .into_iter()
                .flatten()
            {
                assert!(
                    seen.insert((
                        shortcut.modifiers.command,
                        shortcut.modifiers.shift,
                        shortcut.logical_key
                    )),
                    "{command:?} reuses a shortcut"
                );
            }
        }
    }

    #[test]
    fn every_command_has_a_label_in_both_languages() {
        for command in Command::ALL {
            assert!(!command.label(Lang::En).is_empty());
            assert!(!command.label(Lang::Pl).is_empty());
        }
        assert_eq!(
            Command::ALL.len(),
            Command::ALL.iter().collect::<HashSet<_>>().len()
        );
    }
}
