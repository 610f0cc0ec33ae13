//! What an upload may be: at most 10 MiB, of a type the programme reads (PDF, JPEG,
//! PNG, a spreadsheet, CSV), whose first bytes agree with the type it claims, and
//! a plain file name. Its SHA-256 is recorded so that what was signed can be
//! recognised later.

use modal_kit::{ApiError, Code};
use sha2::{Digest, Sha256};

pub const MAX_BYTES: usize = 10 * 1024 * 1024;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The types accepted, each with the bytes its files start with.
const TYPES: [(&str, &[u8]); 5] = [
    ("application/pdf", b"%PDF-"),
    ("image/jpeg", &[0xFF, 0xD8, 0xFF]),
    ("image/png", &[0x89, b'P', b'N', b'G']),
    (XLSX, b"PK\x03\x04"),
    ("text/csv", b""),
];

/// The accepted type of a `Content-Type`, if the bytes agree with it (415 otherwise).
pub fn content_type(declared: &str, bytes: &[u8]) -> Result<&'static str, ApiError> {
    let essence = declared.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let Some((name, magic)) = TYPES.iter().find(|(name, _)| *name == essence) else {
        return Err(ApiError::new(Code::UNSUPPORTED_MEDIA_TYPE).with_detail(
            "Types acceptés : PDF, JPEG, PNG, tableur XLSX, CSV.",
            "Accepted types: PDF, JPEG, PNG, XLSX spreadsheet, CSV.",
        ));
    };
    let looks_right = if *name == "text/csv" { std::str::from_utf8(bytes).is_ok() } else { bytes.starts_with(magic) };
    if !looks_right || bytes.is_empty() {
        return Err(ApiError::new(Code::UNSUPPORTED_MEDIA_TYPE).with_detail(
            format!("Le contenu n'est pas un fichier {name}."),
            format!("The content is not a {name} file."),
        ));
    }
    Ok(name)
}

/// A file name as the uploader gave it: 1 to 200 characters, no folder, no control character.
pub fn file_name(name: &str) -> Result<String, ApiError> {
    let name = name.trim();
    let plain = !name.is_empty()
        && name.chars().count() <= 200
        && !name.chars().any(|c| c.is_control() || c == '/' || c == '\\' || c == '"')
        && name != "."
        && name != "..";
    if plain {
        Ok(name.to_string())
    } else {
        Err(ApiError::invalid_field(
            "filename",
            "invalid",
            "Nom de fichier de 1 à 200 caractères, sans dossier.",
            "A file name of 1 to 200 characters, without a folder.",
        ))
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_must_be_what_its_type_says() {
        assert_eq!(content_type("application/pdf", b"%PDF-1.4 ...").unwrap(), "application/pdf");
        assert_eq!(content_type("Image/PNG; x=y", b"\x89PNG\r\n").unwrap(), "image/png");
        assert!(content_type("application/pdf", b"MZ\x90\x00").is_err(), "an executable named PDF");
        assert!(content_type("application/x-msdownload", b"MZ").is_err());
        assert!(content_type("text/csv", b"\xff\xfe").is_err(), "CSV is UTF-8");
        assert!(content_type("application/pdf", b"").is_err());
    }

    #[test]
    fn a_file_name_names_no_folder() {
        assert_eq!(file_name(" statuts.pdf ").unwrap(), "statuts.pdf");
        assert!(file_name("../../etc/passwd").is_err());
        assert!(file_name("").is_err());
        assert!(file_name("a\nb.pdf").is_err());
    }

    #[test]
    fn the_checksum_is_the_sha256_of_the_bytes() {
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
