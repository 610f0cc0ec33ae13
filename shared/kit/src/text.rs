//! Text normalisation for search and duplicate detection: accents and case do not
//! matter ("Fédération" = "federation"), nor punctuation or repeated spaces.
//! Normalised copies are stored beside the original, so the same `LIKE` query works
//! on PostgreSQL and SQLite (no `unaccent` extension or ICU collation to install).

/// Lower-case ASCII words separated by single spaces.
pub fn normalise(input: &str) -> String {
    let ascii = deunicode::deunicode(input).to_lowercase();
    let mut out = String::with_capacity(ascii.len());
    for word in ascii.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// A `LIKE` pattern matching `needle` anywhere, with `\` escaping `%` and `_`.
pub fn contains_pattern(needle: &str) -> String {
    let escaped = needle.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}

/// The stable code of a `snake_case` serde enum (`OrganisationKind::LocalAssociation`
/// → `local_association`), as stored in text columns.
pub fn code_of<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// The enum value of a stored or submitted code, if it is one.
pub fn parse_code<T: serde::de::DeserializeOwned>(code: &str) -> Option<T> {
    // Straight from the text: this runs for every code of every row a list returns,
    // and going through a `serde_json::Value` allocated a copy each time.
    use serde::de::IntoDeserializer;
    let text: serde::de::value::StrDeserializer<'_, NotACode> = code.into_deserializer();
    T::deserialize(text).ok()
}

/// The error of [`parse_code`]: only "it is not one". serde's own `value::Error`
/// formats a message naming every variant, and lists meet unknown or empty codes
/// (the empty ends of `|a|b|`) on every row.
#[derive(Debug)]
struct NotACode;

impl std::fmt::Display for NotACode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not a code")
    }
}

impl std::error::Error for NotACode {}

impl serde::de::Error for NotACode {
    fn custom<M: std::fmt::Display>(_: M) -> Self {
        NotACode
    }
}

/// A set of codes stored in one text column as `|a|b|`, so that
/// `LIKE '%|a|%'` finds members on both engines without an array type.
pub fn join_set<S: AsRef<str>>(items: &[S]) -> String {
    if items.is_empty() {
        return String::new();
    }
    let mut out = String::from("|");
    for item in items {
        out.push_str(item.as_ref());
        out.push('|');
    }
    out
}

pub fn split_set(stored: &str) -> Vec<String> {
    set_members(stored).map(str::to_string).collect()
}

/// The members of a stored `|a|b|` set, borrowed from it.
pub fn set_members(stored: &str) -> impl Iterator<Item = &str> {
    stored.split('|').filter(|s| !s.is_empty())
}

/// Whether a path segment or a linked id taken from a request can be one of our
/// ids (UUIDs): checked before it is put in another service's URL.
pub fn id_like(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// Text put in an HTML page (an element's content or a quoted attribute).
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A CSV cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR
/// first) gets a leading `'`, as OWASP recommends for CSV injection.
pub fn neutralise_formula(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum Mode {
        OnSite,
        Online,
    }

    #[test]
    fn codes_round_trip_and_unknown_codes_are_refused() {
        assert_eq!(code_of(&Mode::OnSite), "on_site");
        assert_eq!(parse_code::<Mode>("on_site"), Some(Mode::OnSite));
        assert_eq!(parse_code::<Mode>(&code_of(&Mode::Online)), Some(Mode::Online));
        assert_eq!(parse_code::<Mode>("OnSite"), None);
        assert_eq!(parse_code::<Mode>(""), None);
    }

    #[test]
    fn accents_case_and_punctuation_are_ignored() {
        assert_eq!(normalise("Fédération des Collectifs"), "federation des collectifs");
        assert_eq!(normalise("  ÉCOLE--d'Été  à Thiès "), "ecole d ete a thies");
        assert!(normalise("Fédération des Collectifs").contains(&normalise("FEDERATION")));
    }

    #[test]
    fn sets_round_trip_through_their_stored_form() {
        let stored = join_set(&["SN", "ML"]);
        assert_eq!(stored, "|SN|ML|");
        assert_eq!(split_set(&stored), vec!["SN", "ML"]);
        assert_eq!(join_set::<&str>(&[]), "");
        assert!(split_set("").is_empty());
    }

    #[test]
    fn like_wildcards_in_the_needle_are_escaped() {
        assert_eq!(contains_pattern("50%_a"), "%50\\%\\_a%");
    }
}
