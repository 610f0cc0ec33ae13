//! Tables as diesel sees them; hand-written so one schema serves both engines.

// audit_events and idempotency_keys: the kit's own tables.
