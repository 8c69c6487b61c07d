//! The templates shipped inside the binary; their sources are in `maps/`.

/// One template: a complete map to start from.
#[derive(Clone, Copy, Debug)]
pub struct Template {
    /// Name given to `journeymap new --template`.
    pub name: &'static str,
    /// One line on what it is for.
    pub description: &'static str,
    /// The map, in canonical form.
    pub text: &'static str,
}

/// Every template, in the order `journeymap templates` lists them.
pub const TEMPLATES: &[Template] = &[
    Template {
        name: "blank",
        description: "One journey with one stage and one step, the standard lanes, no cards",
        text: include_str!("../../maps/blank.ron"),
    },
    Template {
        name: "lead-generation",
        description: "Lead generation in five stages, Awareness to Advocacy, with KPIs, pain points and an emotion curve",
        text: include_str!("../../maps/lead-generation.ron"),
    },
    Template {
        name: "lead-generation-pl",
        description: "Lead generation in Polish: Świadomość, Rozważanie, Decyzja, Lojalność, Rekomendacja",
        text: include_str!("../../maps/lead-generation-pl.ron"),
    },
    Template {
        name: "b2b-saas",
        description: "A B2B SaaS purchase by a buying committee of several stakeholders",
        text: include_str!("../../maps/b2b-saas.ron"),
    },
    Template {
        name: "ecommerce",
        description: "An online shop from discovery to repeat purchase",
        text: include_str!("../../maps/ecommerce.ron"),
    },
];

/// The template called `name`.
pub fn find(name: &str) -> Option<&'static Template> {
    TEMPLATES.iter().find(|t| t.name == name)
}

/// The names of all templates, for messages.
pub fn names() -> Vec<&'static str> {
    TEMPLATES.iter().map(|t| t.name).collect()
}
