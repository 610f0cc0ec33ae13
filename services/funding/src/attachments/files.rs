//! Where uploaded bytes live, through the `object_store` crate: a local folder
//! (`MODAL_FILES_URL=data/funding-files`, the default) or an S3-compatible bucket
//! (`MODAL_FILES_URL=s3://bucket/prefix`, with the usual `AWS_*` variables —
//! `AWS_ENDPOINT` and `AWS_ALLOW_HTTP=true` for a MinIO in the same compose).

use bytes::Bytes;
use modal_kit::{ApiError, Code};
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt};
use std::sync::Arc;

#[derive(Clone)]
pub struct Files {
    store: Arc<dyn ObjectStore>,
    /// Prepended to every key (an S3 URL's path).
    prefix: String,
}

impl Files {
    pub fn open(url: &str) -> Result<Files, String> {
        if url.starts_with("s3://") {
            let prefix = url.trim_start_matches("s3://").split_once('/').map_or("", |(_, p)| p).trim_matches('/');
            let store =
                AmazonS3Builder::from_env().with_url(url).build().map_err(|e| format!("MODAL_FILES_URL: {e}"))?;
            return Ok(Files { store: Arc::new(store), prefix: prefix.to_string() });
        }
        let folder = url.trim_start_matches("file://");
        std::fs::create_dir_all(folder).map_err(|e| format!("cannot create {folder}: {e}"))?;
        let store = LocalFileSystem::new_with_prefix(folder).map_err(|e| format!("MODAL_FILES_URL: {e}"))?;
        Ok(Files { store: Arc::new(store), prefix: String::new() })
    }

    fn path(&self, key: &str) -> Path {
        if self.prefix.is_empty() {
            Path::from(key)
        } else {
            Path::from(format!("{}/{key}", self.prefix))
        }
    }

    pub async fn put(&self, key: &str, bytes: Bytes) -> Result<(), ApiError> {
        self.store.put(&self.path(key), bytes.into()).await.map(|_| ()).map_err(unavailable)
    }

    pub async fn get(&self, key: &str) -> Result<Bytes, ApiError> {
        let found = self.store.get(&self.path(key)).await.map_err(unavailable)?;
        found.bytes().await.map_err(unavailable)
    }
}

fn unavailable(e: object_store::Error) -> ApiError {
    ApiError::new(Code::UPSTREAM_UNAVAILABLE)
        .with_detail("Le stockage des fichiers ne répond pas.", "The file store does not answer.")
        .with_cause(e)
}
