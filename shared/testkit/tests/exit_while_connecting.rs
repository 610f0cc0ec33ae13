//! A test binary must not crash when it exits while a pool thread is still
//! connecting to PostgreSQL (see `PgDatabase::create`). The test runs itself as a
//! child process that starts connecting on several threads and exits at once.

use std::process::Command;

const CHILD: &str = "MODAL_EXIT_TEST_CHILD";

#[test]
#[ignore = "needs PostgreSQL (MODAL_TEST_POSTGRES_URL)"]
fn exiting_while_threads_connect_to_postgresql_does_not_crash() {
    let Some(admin) = modal_testkit::postgres_url() else {
        panic!("MODAL_TEST_POSTGRES_URL is not set: run this test with PostgreSQL");
    };
    if std::env::var_os(CHILD).is_some() {
        return child(&admin);
    }
    let exe = std::env::current_exe().expect("test binary");
    for run in 0..20 {
        let out = Command::new(&exe)
            .args(["--exact", "exiting_while_threads_connect_to_postgresql_does_not_crash", "--include-ignored"])
            .env(CHILD, "1")
            .output()
            .expect("child runs");
        assert!(
            out.status.success(),
            "run {run}: the child exited with {:?}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// Creates a database (as every PostgreSQL test does first), then leaves threads
/// connecting in a loop and returns, so the process exits under them.
fn child(admin: &str) {
    use diesel::Connection;
    let db = modal_testkit::PgDatabase::create(admin);
    for _ in 0..4 {
        let url = db.app_url.clone();
        std::thread::spawn(move || loop {
            let _ = diesel::PgConnection::establish(&url);
        });
    }
    std::thread::sleep(std::time::Duration::from_millis(50));
}
