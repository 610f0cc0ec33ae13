//! Pictures on a page (a partner's or a funder's logo): a PNG decoded to 8-bit
//! colour, written as an image XObject, its transparency as a soft mask.

use super::embed::{binary_stream, deflate};

/// The largest logo accepted, decoded: 1,024 × 1,024 RGBA.
const MAX_PIXELS: u64 = 1024 * 1024;

/// A decoded picture.
#[derive(Clone, Debug)]
pub struct Image {
    pub width: u32,
    pub height: u32,
    /// Samples, `components` per pixel, row by row.
    colour: Vec<u8>,
    components: u8,
    /// One alpha sample per pixel, if the picture has any transparency.
    alpha: Option<Vec<u8>>,
}

impl Image {
    /// Decodes a PNG; `Err` says, in English, why the bytes are not one.
    pub fn from_png(bytes: &[u8]) -> Result<Image, String> {
        let mut decoder = png::Decoder::new(bytes);
        decoder.set_transformations(png::Transformations::normalize_to_color8());
        let mut reader = decoder.read_info().map_err(|e| format!("not a PNG image: {e}"))?;
        let (w, h) = (reader.info().width, reader.info().height);
        if u64::from(w) * u64::from(h) > MAX_PIXELS {
            return Err(format!("{w} × {h} pixels is larger than 1,024 × 1,024"));
        }
        let mut buf = vec![0; reader.output_buffer_size()];
        let frame = reader.next_frame(&mut buf).map_err(|e| format!("not a PNG image: {e}"))?;
        buf.truncate(frame.buffer_size());
        let (components, has_alpha) = match frame.color_type {
            png::ColorType::Grayscale => (1, false),
            png::ColorType::GrayscaleAlpha => (1, true),
            png::ColorType::Rgb => (3, false),
            png::ColorType::Rgba => (3, true),
            png::ColorType::Indexed => return Err("an indexed PNG was not expanded".into()),
        };
        let (colour, alpha) = if has_alpha {
            let step = components as usize + 1;
            let colour = buf.chunks(step).flat_map(|px| px[..step - 1].to_vec()).collect();
            let alpha: Vec<u8> = buf.chunks(step).map(|px| px[step - 1]).collect();
            (colour, alpha.iter().any(|&a| a < 255).then_some(alpha))
        } else {
            (buf, None)
        };
        Ok(Image { width: frame.width, height: frame.height, colour, components, alpha })
    }

    /// The image's XObject (numbered `first`) and, after it, its soft mask.
    pub(super) fn objects(&self, first: usize) -> Vec<Vec<u8>> {
        let space = if self.components == 1 { "/DeviceGray" } else { "/DeviceRGB" };
        let mask = self.alpha.as_ref().map(|_| format!(" /SMask {} 0 R", first + 1)).unwrap_or_default();
        let dict = |space: &str, extra: &str| {
            format!(
                "/Type /XObject /Subtype /Image /Width {} /Height {} /ColorSpace {space} \
                 /BitsPerComponent 8 /Filter /FlateDecode{extra}",
                self.width, self.height
            )
        };
        let mut objects = vec![binary_stream(&dict(space, &mask), &deflate(&self.colour))];
        if let Some(alpha) = &self.alpha {
            objects.push(binary_stream(&dict("/DeviceGray", ""), &deflate(alpha)));
        }
        objects
    }

    /// How many objects [`Image::objects`] writes.
    pub(super) fn object_count(&self) -> usize {
        1 + usize::from(self.alpha.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32, color: png::ColorType, pixels: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(color);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.write_header().unwrap().write_image_data(pixels).unwrap();
        out
    }

    #[test]
    fn a_transparent_png_gives_its_colours_and_a_mask_and_an_opaque_one_no_mask() {
        let rgba = Image::from_png(&png(2, 1, png::ColorType::Rgba, &[255, 0, 0, 255, 0, 0, 255, 0])).unwrap();
        assert_eq!((rgba.width, rgba.height, rgba.components), (2, 1, 3));
        assert_eq!(rgba.colour, vec![255, 0, 0, 0, 0, 255]);
        assert_eq!(rgba.alpha, Some(vec![255, 0]));
        assert_eq!(rgba.object_count(), 2);
        let opaque = Image::from_png(&png(1, 1, png::ColorType::Rgba, &[9, 9, 9, 255])).unwrap();
        assert_eq!(opaque.alpha, None, "a fully opaque alpha channel is dropped");
        assert!(Image::from_png(b"GIF89a not a png").unwrap_err().starts_with("not a PNG image"));
    }
}
