//! The embedded font's PDF objects: a Type 0 font over a CID font (glyphs named by
//! their id, `Identity-H`), cut to the glyphs the document uses (`subsetter`),
//! with the widths and the ToUnicode map that gives the glyphs' text back.

use super::shaped::{face, Glyph, FONT};
use flate2::{write::ZlibEncoder, Compression};
use std::collections::BTreeMap;
use std::io::Write;
use subsetter::GlyphRemapper;

/// The glyphs a document uses, numbered anew for the subset.
pub(super) struct Subset {
    remapper: GlyphRemapper,
    /// Each original glyph and the text it stands for (the first non-empty seen).
    texts: BTreeMap<u16, String>,
}

impl Subset {
    pub fn new<'a>(glyphs: impl Iterator<Item = &'a Glyph>) -> Subset {
        let mut remapper = GlyphRemapper::new(); // keeps glyph 0 (.notdef) as 0
        let mut texts: BTreeMap<u16, String> = BTreeMap::new();
        for g in glyphs {
            remapper.remap(g.id);
            let entry = texts.entry(g.id).or_default();
            if entry.is_empty() {
                entry.push_str(&g.text);
            }
        }
        Subset { remapper, texts }
    }

    /// The glyph's id in the subset, as the 4 hex digits of a content stream.
    pub fn code(&self, original: u16) -> String {
        format!("{:04X}", self.remapper.get(original).unwrap_or(0))
    }

    /// The font's objects, the first (the Type 0 font the pages name) numbered
    /// `first` and the others after it.
    pub fn objects(&self, first: usize) -> Vec<Vec<u8>> {
        let face = face();
        let per_em = super::shaped::units_per_em();
        let thousandths = |units: f32| (units * 1000.0 / per_em).round() as i32;
        let name = format!("{}+DejaVuSans", self.tag());
        let widths: Vec<String> = self
            .remapper
            .remapped_gids()
            .map(|old| {
                let advance = face.glyph_hor_advance(rustybuzz::ttf_parser::GlyphId(old)).unwrap_or(0);
                thousandths(f32::from(advance)).to_string()
            })
            .collect();
        let b = face.global_bounding_box();
        let program = subsetter::subset(FONT, 0, &self.remapper).unwrap_or_else(|_| FONT.to_vec());
        let packed = deflate(&program);
        let descriptor = format!(
            "<< /Type /FontDescriptor /FontName /{name} /Flags 4 /FontBBox [{} {} {} {}] /ItalicAngle 0 \
             /Ascent {} /Descent {} /CapHeight {} /StemV 80 /FontFile2 {} 0 R >>",
            thousandths(f32::from(b.x_min)),
            thousandths(f32::from(b.y_min)),
            thousandths(f32::from(b.x_max)),
            thousandths(f32::from(b.y_max)),
            thousandths(f32::from(face.ascender())),
            thousandths(f32::from(face.descender())),
            thousandths(f32::from(face.capital_height().unwrap_or(face.ascender()))),
            first + 3
        );
        let cmap = self.to_unicode();
        vec![
            format!(
                "<< /Type /Font /Subtype /Type0 /BaseFont /{name} /Encoding /Identity-H \
                 /DescendantFonts [{} 0 R] /ToUnicode {} 0 R >>",
                first + 1,
                first + 4
            )
            .into_bytes(),
            format!(
                "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{name} \
                 /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> \
                 /FontDescriptor {} 0 R /CIDToGIDMap /Identity /DW 0 /W [0 [{}]] >>",
                first + 2,
                widths.join(" ")
            )
            .into_bytes(),
            descriptor.into_bytes(),
            binary_stream(&format!("/Length1 {} /Filter /FlateDecode", program.len()), &packed),
            format!("<< /Length {} >>\nstream\n{cmap}endstream", cmap.len()).into_bytes(),
        ]
    }

    /// A subset's name starts with six capitals of its own (PDF 9.6.4): here from
    /// the glyphs it holds, so the same glyphs give the same name.
    fn tag(&self) -> String {
        let mut h: u32 = 2_166_136_261;
        for id in self.texts.keys() {
            h = (h ^ u32::from(*id)).wrapping_mul(16_777_619);
        }
        (0..6).map(|i| char::from(b'A' + ((h >> (i * 5)) % 26) as u8)).collect()
    }

    fn to_unicode(&self) -> String {
        let pairs: Vec<String> = self
            .texts
            .iter()
            .filter(|(_, text)| !text.is_empty())
            .map(|(old, text)| {
                let utf16: String = text.encode_utf16().map(|u| format!("{u:04X}")).collect();
                format!("<{}> <{utf16}>", self.code(*old))
            })
            .collect();
        let mut cmap = String::from(
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
             /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
             /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
             1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
        );
        for block in pairs.chunks(100) {
            cmap.push_str(&format!("{} beginbfchar\n{}\nendbfchar\n", block.len(), block.join("\n")));
        }
        cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        cmap
    }
}

pub(super) fn deflate(bytes: &[u8]) -> Vec<u8> {
    let mut z = ZlibEncoder::new(Vec::new(), Compression::default());
    z.write_all(bytes).expect("writing to memory");
    z.finish().expect("writing to memory")
}

/// A stream object of binary bytes.
pub(super) fn binary_stream(dict: &str, bytes: &[u8]) -> Vec<u8> {
    let mut out = format!("<< {dict} /Length {} >>\nstream\n", bytes.len()).into_bytes();
    out.extend_from_slice(bytes);
    out.extend_from_slice(b"\nendstream");
    out
}
