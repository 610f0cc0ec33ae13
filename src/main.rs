//! `modal`: the one command of the MODAL platform.
//!
//! - `modal` (or `modal run`): starts every service on its embedded default —
//!   one SQLite file each under `./data/`, migrations applied, default tenants.
//! - `modal token --tenant diadem --role coordinator`: a local development token.
//! - `modal openapi`: writes the contracts to `openapi/`.
//! - `modal services`: lists the services (name, port, services it calls), one a line.

mod local;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "modal", version, about = "MODAL programme platform")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run every service locally on SQLite (the default command).
    Run {
        /// Folder for the SQLite files and the local signing secret.
        #[arg(long, default_value = "data")]
        data_dir: String,
        /// Address to listen on; keep 127.0.0.1 unless you know why.
        #[arg(long, default_value = "127.0.0.1")]
        host: String,
    },
    /// Mint a local development token (signed with the local secret).
    Token {
        /// Tenant(s) the token grants (repeat for several).
        #[arg(long = "tenant")]
        tenants: Vec<String>,
        /// Role(s): programme_admin, tenant_admin, coordinator, trainer, reviewer, viewer, applicant.
        #[arg(long = "role", required = true)]
        roles: Vec<String>,
        /// The registry organisation an applicant acts for.
        #[arg(long)]
        organisation: Option<String>,
        /// Who the token names (audit trail).
        #[arg(long, default_value = "local-user")]
        subject: String,
        /// Validity in hours.
        #[arg(long, default_value_t = 8)]
        hours: u64,
        #[arg(long, default_value = "data")]
        data_dir: String,
    },
    /// Write each service's OpenAPI contract to openapi/<service>.json.
    Openapi {
        #[arg(long, default_value = "openapi")]
        out: String,
    },
    /// List the services: name, port and the services it calls, one a line.
    Services,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command.unwrap_or(Command::Run { data_dir: "data".into(), host: "127.0.0.1".into() }) {
        Command::Run { data_dir, host } => local::run(&data_dir, &host),
        Command::Token { tenants, roles, organisation, subject, hours, data_dir } => {
            let grant = local::Grant { tenants: &tenants, roles: &roles, organisation: organisation.as_deref() };
            local::token(&data_dir, &grant, &subject, hours).map(|t| println!("{t}"))
        }
        Command::Openapi { out } => local::write_contracts(&out),
        Command::Services => {
            for def in modal::services() {
                println!("{} {} {}", def.name, def.port, def.peers.join(","));
            }
            Ok(())
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("modal: {e}");
            ExitCode::FAILURE
        }
    }
}
