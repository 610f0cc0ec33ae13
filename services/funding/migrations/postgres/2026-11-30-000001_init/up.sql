-- funding, postgres. Kept in lock-step with ../../sqlite (same tables and columns).
SELECT 1;
