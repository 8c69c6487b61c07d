//! The top of the picture: the map's title and goal, the journey's name and
//! kind, and the persona card (photo, facts, quote, lists, stakeholders).

use epaint::{Pos2, Rect, Vec2, pos2, vec2};

use crate::i18n::{Counted, Phrase};
use crate::model::Persona;
use crate::theme::{self, SIZES};

use super::{
    Builder, Panel, PanelKind, Pen, Photo, Text, TextRole, f32_from, initials, job, number,
};

/// At most this many items of a persona's list are shown.
const LIST_ITEMS: usize = 4;

impl Builder<'_, '_> {
    /// Title, journey name and badge, goal, description; returns the bottom.
    pub(super) fn header(&mut self, top: f32, width: f32) -> f32 {
        let sz = SIZES;
        let x = sz.margin;
        let map = self.map;
        let journey = self.journey;
        let title = Pen::new(theme::bold(sz.title), width, 2, TextRole::Title);
        let mut y = top + self.write(&map.title, pos2(x, top), &title).y + sz.gap;

        // The journey's name, then its as-is / to-be badge.
        let name = Pen::new(theme::bold(sz.heading), width * 0.7, 1, TextRole::Title);
        let name_size = if journey.name.is_empty() {
            Vec2::ZERO
        } else {
            self.write(&journey.name, pos2(x, y), &name)
        };
        let badge = self.galley(
            self.lang.journey_kind(journey.kind),
            theme::bold(sz.small),
            width,
            1,
        );
        let badge_size = self.text_size(&badge, &theme::bold(sz.small)) + vec2(2.0 * sz.pad, 4.0);
        let badge_x = if journey.name.is_empty() {
            x
        } else {
            x + name_size.x + sz.pad * 1.5
        };
        let line_height = name_size.y.max(badge_size.y);
        let rect = Rect::from_min_size(
            pos2(badge_x, y + (line_height - badge_size.y) / 2.0),
            badge_size,
        );
        self.out.panels.push(Panel {
            rect,
            kind: PanelKind::JourneyKind,
        });
        self.out.texts.push(Text {
            galley: badge,
            pos: rect.min + vec2(sz.pad, 2.0),
            role: TextRole::OnAccent,
        });
        y += line_height + sz.gap;

        if !journey.goal.is_empty() {
            let goal = format!("{}: {}", self.lang.text(Phrase::Goal), journey.goal);
            let pen = Pen::new(theme::regular(sz.body + 1.0), width, 3, TextRole::Body);
            y += self.write(&goal, pos2(x, y), &pen).y + sz.gap / 2.0;
        }
        if let Some(figures) = self.journey_figures() {
            let pen = Pen::new(theme::regular(sz.body), width, 2, TextRole::Muted);
            y += self.write(&figures, pos2(x, y), &pen).y + sz.gap / 2.0;
        }
        if !map.description.is_empty() {
            let pen = Pen::new(
                theme::regular(sz.body),
                width.min(sz.text_max_width),
                3,
                TextRole::Muted,
            );
            y += self.write(&map.description, pos2(x, y), &pen).y;
        }
        y
    }

    /// The journey's imported figures, the ones quoted for B2B journeys:
    /// customers, touches and channels per customer, days from first to last touch.
    fn journey_figures(&self) -> Option<String> {
        let f = &self.journey.figures;
        let lang = self.lang;
        let mut parts = Vec::new();
        if let Some(customers) = f.customers {
            parts.push(lang.count(customers, Counted::Customers));
        }
        if let Some(touches) = f.touches_per_customer {
            parts.push(format!(
                "{} {} {}",
                number(touches),
                lang.text(Phrase::Touches),
                lang.text(Phrase::PerCustomer)
            ));
        }
        if let Some(channels) = f.channels_per_customer {
            parts.push(format!(
                "{} {} {}",
                number(channels),
                lang.text(Phrase::Channels),
                lang.text(Phrase::PerCustomer)
            ));
        }
        if let Some(days) = f.days_mean {
            let median = f.days_median.map_or_else(String::new, |m| {
                format!(" ({} {})", lang.text(Phrase::Median), number(m))
            });
            parts.push(format!(
                "{} {}{median}",
                number(days),
                lang.text(Phrase::DaysFirstToLast)
            ));
        }
        (!parts.is_empty()).then(|| parts.join(" · "))
    }

    /// The primary persona's card, if the journey names one; returns the bottom.
    pub(super) fn persona(&mut self, top: f32, width: f32) -> f32 {
        let sz = SIZES;
        let map = self.map;
        let personas: Vec<&Persona> = self
            .journey
            .personas
            .iter()
            .filter_map(|id| map.persona(id))
            .collect();
        let Some(persona) = personas.first().copied() else {
            return top - sz.gap * 2.0;
        };
        let origin = pos2(sz.margin + sz.pad * 1.5, top + sz.pad * 1.5);

        // The photo circle, with initials for when there is no photo.
        let photo = Rect::from_min_size(origin, Vec2::splat(sz.photo));
        let galley = self.galley(
            &initials(&persona.name),
            theme::bold(sz.photo * 0.36),
            sz.photo,
            1,
        );
        let initials = Text {
            pos: photo.center() - galley.size() / 2.0,
            galley,
            role: TextRole::OnAccent,
        };
        self.out.photo = Some(Photo {
            rect: photo,
            path: persona.photo.clone(),
            initials,
        });

        let about = pos2(photo.right() + sz.pad * 2.0, origin.y);
        let about_width = (width * 0.3).clamp(220.0, 360.0);
        let mut bottom = self
            .persona_about(persona, about, about_width)
            .max(photo.bottom());
        let lists_x = about.x + about_width + sz.pad * 3.0;
        let lists_width = sz.margin + width - sz.pad * 1.5 - lists_x;
        bottom = bottom.max(self.persona_lists(persona, pos2(lists_x, origin.y), lists_width));

        // Stakeholders: the journey's other personas.
        if let Some(others) = personas.get(1..).filter(|others| !others.is_empty()) {
            let names: Vec<String> = others
                .iter()
                .map(|p| {
                    let role = if p.committee_role.is_empty() {
                        &p.role
                    } else {
                        &p.committee_role
                    };
                    if role.is_empty() {
                        p.name.clone()
                    } else {
                        format!("{} ({role})", p.name)
                    }
                })
                .collect();
            let line = format!(
                "{}: {}",
                self.lang.text(Phrase::Stakeholders),
                names.join(", ")
            );
            let pen = Pen::new(
                theme::regular(sz.small + 1.0),
                width - 3.0 * sz.pad,
                2,
                TextRole::Muted,
            );
            bottom += sz.gap;
            bottom += self.write(&line, pos2(origin.x, bottom), &pen).y;
        }
        let rect = Rect::from_min_max(
            pos2(sz.margin, top),
            pos2(sz.margin + width, bottom + sz.pad * 1.5),
        );
        self.out.panels.insert(
            0,
            Panel {
                rect,
                kind: PanelKind::Persona,
            },
        );
        rect.bottom()
    }

    /// Name, facts (role, committee role, industry, age, location) and quote; returns the bottom.
    fn persona_about(&mut self, persona: &Persona, at: Pos2, width: f32) -> f32 {
        let sz = SIZES;
        let mut y = at.y;
        let name = Pen::new(theme::bold(sz.heading), width, 1, TextRole::Title);
        y += self.write(&persona.name, pos2(at.x, y), &name).y;
        let facts: Vec<&str> = [
            &persona.role,
            &persona.committee_role,
            &persona.industry,
            &persona.age_band,
            &persona.location,
        ]
        .into_iter()
        .map(String::as_str)
        .filter(|f| !f.is_empty())
        .collect();
        if !facts.is_empty() {
            let pen = Pen::new(theme::regular(sz.small + 1.0), width, 3, TextRole::Muted);
            y += self.write(&facts.join(" · "), pos2(at.x, y), &pen).y;
        }
        if !persona.quote.is_empty() {
            y += sz.gap / 2.0;
            let mut job = job(
                &format!("“{}”", persona.quote),
                theme::regular(sz.body),
                width,
                4,
            );
            if let Some(section) = job.sections.first_mut() {
                section.format.italics = true;
            }
            let galley = self.layout(job).0;
            let height = self.text_size(&galley, &theme::regular(sz.body)).y;
            self.out.texts.push(Text {
                galley,
                pos: pos2(at.x, y),
                role: TextRole::Body,
            });
            y += height;
        }
        y
    }

    /// Goals, needs, motivations, frustrations: a column each; returns the bottom.
    fn persona_lists(&mut self, persona: &Persona, at: Pos2, width: f32) -> f32 {
        let sz = SIZES;
        let lists: Vec<_> = [
            (Phrase::Goals, &persona.goals),
            (Phrase::Needs, &persona.needs),
            (Phrase::Motivations, &persona.motivations),
            (Phrase::Frustrations, &persona.frustrations),
        ]
        .into_iter()
        .filter(|(_, items)| !items.is_empty())
        .collect();
        if lists.is_empty() || width < 160.0 {
            return at.y;
        }
        let column = width / f32_from(lists.len());
        let inner = column - sz.pad * 2.0;
        let heading = Pen::new(theme::bold(sz.body), inner, 1, TextRole::Title);
        let item = Pen::new(theme::regular(sz.small + 1.0), inner, 2, TextRole::Body);
        let more = Pen::new(theme::regular(sz.small), inner, 1, TextRole::Muted);
        let mut bottom = at.y;
        for (i, (phrase, items)) in lists.iter().enumerate() {
            let x = at.x + column * f32_from(i);
            let mut y = at.y;
            y += self.write(self.lang.text(*phrase), pos2(x, y), &heading).y + 2.0;
            for entry in items.iter().take(LIST_ITEMS) {
                y += self.write(&format!("• {entry}"), pos2(x, y), &item).y;
            }
            if items.len() > LIST_ITEMS {
                let line = format!(
                    "+{} {}",
                    items.len() - LIST_ITEMS,
                    self.lang.text(Phrase::More)
                );
                y += self.write(&line, pos2(x, y), &more).y;
            }
            bottom = bottom.max(y);
        }
        bottom
    }
}
