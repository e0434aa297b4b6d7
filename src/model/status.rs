//! The words of the model: kinds, impacts, and the statuses of components and updates, each
//! written once with its spelling in files, on the command line and in the API.

use serde::{Deserialize, Deserializer, Serialize, de};

/// Whether an entry is an unplanned incident or planned maintenance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    #[default]
    Incident,
    Maintenance,
}

impl Kind {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Kind::Incident => "incident",
            Kind::Maintenance => "maintenance",
        }
    }

    /// The status a component affected with `written` shows while this kind of event is on:
    /// maintenance puts every component it lists under maintenance, whatever was written
    /// (a component an entry gives back as `operational` is operational).
    pub(crate) fn shown_status(self, written: ComponentStatus) -> ComponentStatus {
        match self {
            Kind::Maintenance if written != ComponentStatus::Operational => {
                ComponentStatus::UnderMaintenance
            }
            _ => written,
        }
    }
}

/// How bad an incident is for users, as Statuspage grades it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Impact {
    None,
    Minor,
    Major,
    Critical,
}

impl Impact {
    pub fn as_str(self) -> &'static str {
        match self {
            Impact::None => "none",
            Impact::Minor => "minor",
            Impact::Major => "major",
            Impact::Critical => "critical",
        }
    }
}

/// The state of a component. Ordered from best to worst, so `max` is "the worst of".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ComponentStatus {
    Operational,
    UnderMaintenance,
    DegradedPerformance,
    PartialOutage,
    MajorOutage,
}

impl ComponentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ComponentStatus::Operational => "operational",
            ComponentStatus::UnderMaintenance => "under_maintenance",
            ComponentStatus::DegradedPerformance => "degraded_performance",
            ComponentStatus::PartialOutage => "partial_outage",
            ComponentStatus::MajorOutage => "major_outage",
        }
    }

    /// As the whole page's status: Statuspage's indicator word and description (the API's
    /// `status` object and the notify webhook's page fields).
    pub(crate) fn page_indicator(self) -> (&'static str, &'static str) {
        match self {
            ComponentStatus::Operational => ("none", "All Systems Operational"),
            ComponentStatus::DegradedPerformance => ("minor", "Minor Service Outage"),
            ComponentStatus::PartialOutage => ("major", "Partial System Outage"),
            ComponentStatus::MajorOutage => ("critical", "Major System Outage"),
            ComponentStatus::UnderMaintenance => ("maintenance", "Service Under Maintenance"),
        }
    }

    /// The impact an incident has when nobody says otherwise: Statuspage's mapping.
    pub(crate) fn implied_impact(self) -> Impact {
        match self {
            ComponentStatus::Operational | ComponentStatus::UnderMaintenance => Impact::None,
            ComponentStatus::DegradedPerformance => Impact::Minor,
            ComponentStatus::PartialOutage => Impact::Major,
            ComponentStatus::MajorOutage => Impact::Critical,
        }
    }
}

/// The status word of a timeline entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UpdateStatus {
    Investigating,
    Identified,
    Monitoring,
    Resolved,
    Scheduled,
    InProgress,
    Verifying,
    Completed,
    /// A maintenance called off (before or during its window): it ends it, and is never shown
    /// as completed.
    Cancelled,
}

impl UpdateStatus {
    pub const INCIDENT: [UpdateStatus; 4] = [
        UpdateStatus::Investigating,
        UpdateStatus::Identified,
        UpdateStatus::Monitoring,
        UpdateStatus::Resolved,
    ];
    pub const MAINTENANCE: [UpdateStatus; 5] = [
        UpdateStatus::Scheduled,
        UpdateStatus::InProgress,
        UpdateStatus::Verifying,
        UpdateStatus::Completed,
        UpdateStatus::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            UpdateStatus::Investigating => "investigating",
            UpdateStatus::Identified => "identified",
            UpdateStatus::Monitoring => "monitoring",
            UpdateStatus::Resolved => "resolved",
            UpdateStatus::Scheduled => "scheduled",
            UpdateStatus::InProgress => "in_progress",
            UpdateStatus::Verifying => "verifying",
            UpdateStatus::Completed => "completed",
            UpdateStatus::Cancelled => "cancelled",
        }
    }

    /// As Statuspage's API and webhooks word it. Statuspage has no cancelled maintenance: a
    /// cancelled one is `completed` there (over, nothing more to come); the API's incident
    /// object carries `cancelled_at` besides, so a reader that knows can tell (docs/api.md).
    pub fn statuspage_word(self) -> &'static str {
        match self {
            UpdateStatus::Cancelled => UpdateStatus::Completed.as_str(),
            other => other.as_str(),
        }
    }

    /// Reads a status word, ignoring case and accepting `-` or a space for `_`.
    pub fn parse(word: &str) -> Option<UpdateStatus> {
        // Compared byte by byte, as if lowercased with `-` and ` ` made `_`: every entry
        // heading is read here, and two new strings per word were most of reading one.
        let word = word.trim().as_bytes();
        let norm = |b: u8| match b {
            b'-' | b' ' => b'_',
            b => b.to_ascii_lowercase(),
        };
        Self::INCIDENT
            .into_iter()
            .chain(Self::MAINTENANCE)
            .find(|s| {
                let s = s.as_str().as_bytes();
                s.len() == word.len() && s.iter().zip(word).all(|(&a, &b)| a == norm(b))
            })
    }

    /// Whether this status ends the incident or maintenance.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            UpdateStatus::Resolved | UpdateStatus::Completed | UpdateStatus::Cancelled
        )
    }

    /// The statuses allowed for `kind`.
    pub fn allowed(kind: Kind) -> &'static [UpdateStatus] {
        match kind {
            Kind::Incident => &Self::INCIDENT,
            Kind::Maintenance => &Self::MAINTENANCE,
        }
    }

    /// Reads `word` as the status of an entry of `kind` (either kind's when it is not known),
    /// or says why it is not one, with a did-you-mean among `kind`'s words only: the one
    /// reading for a timeline heading (`check`) and `--status` (the authoring commands).
    pub fn parse_for(word: &str, kind: Option<Kind>) -> Result<UpdateStatus, StatusProblem> {
        let parsed = Self::parse(word);
        if let Some(s) = parsed.filter(|&s| kind.is_none_or(|k| Self::allowed(k).contains(&s))) {
            return Ok(s);
        }
        let allowed: Vec<UpdateStatus> = match kind {
            Some(kind) => Self::allowed(kind).to_vec(),
            None => [&Self::INCIDENT[..], &Self::MAINTENANCE[..]].concat(),
        };
        let words: Vec<&str> = allowed.iter().map(|s| s.as_str()).collect();
        let what = kind.unwrap_or_default().as_str();
        let suggestion =
            crate::diagnostics::did_you_mean(&word.to_lowercase(), words.iter().copied());
        let hint = match suggestion {
            Some(best) if parsed.is_none() => format!("did you mean '{best}'?"),
            _ => format!("{what} statuses are: {}", words.join(", ")),
        };
        let message = match parsed {
            Some(_) => format!("'{word}' is not a status for {what} entries"),
            None => format!("unknown status '{word}'"),
        };
        Err(StatusProblem { message, hint })
    }
}

/// Why a word is not a status for an entry: what to say and the hint (see
/// [`UpdateStatus::parse_for`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusProblem {
    pub message: String,
    pub hint: String,
}

/// Front-matter words read as plain strings, so a wrong word or type gets serde's
/// "unknown variant `x`, expected one of …" rather than a message about YAML tags.
macro_rules! word_enum {
    ($ty:ident { $($word:literal => $variant:ident),* $(,)? }) => {
        impl $ty {
            /// The words this field accepts.
            pub const WORDS: &'static [&'static str] = &[$($word),*];

            /// Reads one of [`Self::WORDS`] (surrounding spaces ignored).
            pub fn parse(word: &str) -> Option<Self> {
                match word.trim() {
                    $($word => Some($ty::$variant),)*
                    _ => None,
                }
            }
        }
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let word = String::deserialize(d)?;
                Self::parse(&word)
                    .ok_or_else(|| de::Error::unknown_variant(word.trim(), Self::WORDS))
            }
        }
    };
}

word_enum!(Kind { "incident" => Incident, "maintenance" => Maintenance });
word_enum!(Impact { "none" => None, "minor" => Minor, "major" => Major, "critical" => Critical });
word_enum!(ComponentStatus {
    "degraded_performance" => DegradedPerformance,
    "partial_outage" => PartialOutage,
    "major_outage" => MajorOutage,
    "under_maintenance" => UnderMaintenance,
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_word_is_read_whatever_its_case_and_its_dashes_or_spaces() {
        let read = UpdateStatus::parse;
        assert_eq!(read(" In Progress "), Some(UpdateStatus::InProgress));
        assert_eq!(read("in-progress"), Some(UpdateStatus::InProgress));
        assert_eq!(read("RESOLVED"), Some(UpdateStatus::Resolved));
        for other in ["resolve", "resolvedd", "in__progress", "ınvestigating", ""] {
            assert_eq!(read(other), None, "{other}");
        }
        let wrong_kind = UpdateStatus::parse_for("completed", Some(Kind::Incident));
        assert!(wrong_kind.is_err_and(|p| p.message.contains("not a status for incident")));
        assert!(UpdateStatus::parse_for("completed", None).is_ok());
    }
}
