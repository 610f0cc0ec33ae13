//! A small XML tree and its writer, by hand: the export needs elements, attributes
//! and text, nothing else (no namespaces but `xml:lang`, no mixed content), and a
//! tree makes the order of elements the order of the code that builds them.
//!
//! Escaping is the writer's, never the caller's: `&`, `<`, `>` in text; those and
//! `"` in attributes, with line breaks and tabs as character references so that
//! an attribute reads back as written. Characters XML 1.0 forbids (controls other
//! than tab, line feed and carriage return; U+FFFE, U+FFFF) are dropped: a name
//! typed with one must not make the whole file unreadable.

use chrono::NaiveDate;

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub name: &'static str,
    pub attributes: Vec<(&'static str, String)>,
    pub text: Option<String>,
    pub children: Vec<Node>,
}

impl Node {
    pub fn new(name: &'static str) -> Node {
        Node { name, attributes: Vec::new(), text: None, children: Vec::new() }
    }

    pub fn attr(mut self, name: &'static str, value: impl ToString) -> Node {
        self.attributes.push((name, value.to_string()));
        self
    }

    pub fn attr_opt(self, name: &'static str, value: Option<impl ToString>) -> Node {
        match value {
            Some(v) => self.attr(name, v),
            None => self,
        }
    }

    /// An `iso-date` attribute (`2021-09-01`).
    pub fn date(self, day: NaiveDate) -> Node {
        self.attr("iso-date", day.format("%Y-%m-%d"))
    }

    pub fn text(mut self, text: impl Into<String>) -> Node {
        self.text = Some(text.into());
        self
    }

    pub fn child(mut self, child: Node) -> Node {
        self.children.push(child);
        self
    }

    pub fn children(mut self, children: impl IntoIterator<Item = Node>) -> Node {
        self.children.extend(children);
        self
    }

    /// The element's children named `name` (for tests and checks).
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The value of attribute `name`, if set.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.attributes.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }

    /// The document: the declaration, then this element, indented by two spaces.
    pub fn document(&self) -> String {
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        self.write(&mut out, 0);
        out
    }

    fn write(&self, out: &mut String, depth: usize) {
        let indent = "  ".repeat(depth);
        out.push_str(&indent);
        out.push('<');
        out.push_str(self.name);
        for (name, value) in &self.attributes {
            out.push_str(&format!(" {name}=\"{}\"", escape(value, true)));
        }
        match (&self.text, self.children.is_empty()) {
            (None, true) => out.push_str("/>\n"),
            (Some(text), true) => out.push_str(&format!(">{}</{}>\n", escape(text, false), self.name)),
            (_, false) => {
                out.push_str(">\n");
                self.children.iter().for_each(|c| c.write(out, depth + 1));
                out.push_str(&format!("{indent}</{}>\n", self.name));
            }
        }
    }
}

fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{fffe}' && c != '\u{ffff}')
}

/// `text` safe as element content, or as an attribute's value (`in_attribute`).
pub fn escape(text: &str, in_attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().filter(|c| allowed(*c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if in_attribute => out.push_str("&quot;"),
            '\n' if in_attribute => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' if in_attribute => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_text_and_attributes_is_escaped() {
        assert_eq!(escape("Femmes & jeunes <Thiès> \"2021\"", false), "Femmes &amp; jeunes &lt;Thiès&gt; \"2021\"");
        assert_eq!(escape("a\"b&c\nd\te", true), "a&quot;b&amp;c&#10;d&#9;e");
    }

    #[test]
    fn characters_xml_forbids_are_dropped() {
        assert_eq!(escape("Asso\u{1}ciation\u{b}\u{fffe} de Kaolack\r\n", false), "Association de Kaolack&#13;\n");
    }

    #[test]
    fn elements_nest_in_the_order_they_were_added() {
        let tree = Node::new("a")
            .attr("x", "1 & 2")
            .child(Node::new("b").text("t<"))
            .child(Node::new("c").date(NaiveDate::from_ymd_opt(2021, 9, 1).unwrap()));
        assert_eq!(
            tree.document(),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a x=\"1 &amp; 2\">\n  <b>t&lt;</b>\n  <c iso-date=\"2021-09-01\"/>\n</a>\n"
        );
    }
}
