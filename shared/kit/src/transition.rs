//! The answer to a state change a record cannot make: 409 with the moves it can
//! (funding's applications and calls, reporting's manual values). A service that
//! raises it lists `INVALID_TRANSITION` among its codes.

use crate::error::{ApiError, Code, CodeDef};
use serde_json::json;

pub const INVALID_TRANSITION: Code =
    Code::new(&CodeDef::new(409, "invalid_transition", "Changement d'état impossible", "Invalid change of state"));

/// 409: `from` cannot become `to`; the problem lists the states it can become.
pub fn refused(from: &str, to: &str, allowed: Vec<String>) -> ApiError {
    let list = if allowed.is_empty() { "aucun".to_string() } else { allowed.join(", ") };
    let list_en = if allowed.is_empty() { "none".to_string() } else { allowed.join(", ") };
    ApiError::new(INVALID_TRANSITION)
        .with_detail(
            format!("De « {from} », passage à « {to} » impossible ; possibles : {list}."),
            format!("From '{from}', '{to}' is not possible; possible: {list_en}."),
        )
        .with_extra("from", json!(from))
        .with_extra("allowed", json!(allowed))
}
