//! Text the standard fonts cannot print (Arabic above all, but any letter outside
//! Latin-1): shaped with the embedded DejaVu Sans, which has Latin and Arabic
//! glyphs, so that a line mixing an Arabic wording and a Latin name prints whole.
//!
//! A line is split into runs of one direction by the Unicode bidirectional
//! algorithm (`unicode-bidi`), each run shaped (`rustybuzz`: Arabic letters joined
//! in their initial, medial and final forms, lam-alef ligatures), and the glyphs
//! placed left to right in visual order. Each glyph remembers the text it stands
//! for, from which the document's ToUnicode map is written, so that the PDF's text
//! can be searched, copied and read aloud in logical order.

use rustybuzz::{Direction, Face, UnicodeBuffer};
use std::sync::OnceLock;
use unicode_bidi::ParagraphBidiInfo;

/// DejaVu Sans (Bitstream Vera licence: fonts/DejaVuSans-LICENSE.txt).
pub(super) static FONT: &[u8] = include_bytes!("../../fonts/DejaVuSans.ttf");

pub(super) fn face() -> &'static Face<'static> {
    static FACE: OnceLock<Face<'static>> = OnceLock::new();
    FACE.get_or_init(|| Face::from_slice(FONT, 0).expect("the embedded font parses"))
}

/// The font's units in an em (its glyphs' coordinates are in them).
pub(super) fn units_per_em() -> f32 {
    face().units_per_em() as f32
}

/// One glyph placed on the line, in font units from the line's start.
#[derive(Clone, Debug)]
pub(super) struct Glyph {
    pub id: u16,
    pub x: i32,
    pub y: i32,
    /// The text this glyph stands for (empty for the second glyph of a cluster).
    pub text: String,
}

/// A shaped line: its glyphs in visual order and its width in font units.
#[derive(Clone, Debug)]
pub(super) struct Line {
    pub glyphs: Vec<Glyph>,
    pub width: i32,
}

impl Line {
    /// The width in points at `size`.
    pub fn width_at(&self, size: f32) -> f32 {
        self.width as f32 * size / units_per_em()
    }
}

pub(super) fn shape(text: &str) -> Line {
    let bidi = ParagraphBidiInfo::new(text, None);
    let (levels, runs) = bidi.visual_runs(0..text.len());
    let mut glyphs = Vec::new();
    let mut pen = 0;
    for run in runs {
        let part = &text[run.clone()];
        let mut buffer = UnicodeBuffer::new();
        buffer.push_str(part);
        let rtl = levels[run.start].is_rtl();
        buffer.set_direction(if rtl { Direction::RightToLeft } else { Direction::LeftToRight });
        let shaped = rustybuzz::shape(face(), &[], buffer);
        // Cluster starts in logical order: a cluster's text runs to the next start.
        let mut starts: Vec<usize> = shaped.glyph_infos().iter().map(|g| g.cluster as usize).collect();
        starts.sort_unstable();
        starts.dedup();
        let mut seen = std::collections::HashSet::new();
        for (info, pos) in shaped.glyph_infos().iter().zip(shaped.glyph_positions()) {
            let start = info.cluster as usize;
            let end = starts.iter().find(|&&s| s > start).copied().unwrap_or(part.len());
            let text = if seen.insert(start) { part[start..end].to_string() } else { String::new() };
            glyphs.push(Glyph {
                id: u16::try_from(info.glyph_id).unwrap_or(0),
                x: pen + pos.x_offset,
                y: pos.y_offset,
                text,
            });
            pen += pos.x_advance;
        }
    }
    Line { glyphs, width: pen }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_letters_take_their_joined_forms_and_keep_their_text() {
        // « شهادة » (certificate): the same letter ه alone and joined are two glyphs.
        let line = shape("شهادة");
        assert_eq!(line.glyphs.len(), 5);
        let text: String = line.glyphs.iter().rev().map(|g| g.text.as_str()).collect();
        assert_eq!(text, "شهادة", "read right to left, the glyphs give the word back");
        let alone = shape("ه").glyphs[0].id;
        assert!(line.glyphs.iter().all(|g| g.id != alone), "ه is joined, not isolated");
        assert!(line.glyphs.iter().all(|g| g.id != 0), "every letter has a glyph");
    }

    #[test]
    fn a_latin_name_in_an_arabic_line_keeps_its_own_order() {
        let line = shape("منح Awa");
        let visual: String = line.glyphs.iter().map(|g| g.text.as_str()).collect();
        assert!(visual.starts_with("Awa"), "the Latin run is on the left, read left to right: {visual}");
        assert!(line.width > 0);
    }
}
