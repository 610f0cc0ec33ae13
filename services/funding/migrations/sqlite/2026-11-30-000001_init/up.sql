-- funding, sqlite. Kept in lock-step with ../../postgres (same tables and columns).
SELECT 1;
