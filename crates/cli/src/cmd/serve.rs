//! `cartelera serve`: loads the catalog (and the factor file, and finds the
//! built web app) once, then runs the HTTP API of `cartelera-server` until
//! SIGINT or SIGTERM, finishing the requests in flight within the grace
//! period (`Limits::shutdown_grace`).

use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{bail, Context, Result};
use cartelera_recommender::Recommender;
use cartelera_server::{Limits, ServerConfig, Taste};
use clap::Args;

use crate::data::{load_catalog, DEFAULT_DATA_DIR};
use crate::model_io::factor_file::{compose_taste, load_model};

/// The web app's default build folder.
const DEFAULT_DIST_DIR: &str = "dist";

/// `cartelera serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Port to listen on (0: any free port).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    /// Folder holding titles.parquet.
    #[arg(long, default_value = DEFAULT_DATA_DIR)]
    data: PathBuf,
    /// Factor-file folder for /predict and /recommend [default: DATA/model
    /// when it exists; without one they answer 503].
    #[arg(long)]
    model: Option<PathBuf>,
    /// The taste model's folder (`cartelera taste`) for /recommend?picks=
    /// and /similar [default: DATA/taste when it exists; without one they
    /// answer 503].
    #[arg(long)]
    taste: Option<PathBuf>,
    /// Built web app served at / [default: dist when it exists].
    #[arg(long)]
    dist: Option<PathBuf>,
    /// No access-log line per request.
    #[arg(long)]
    quiet: bool,
}

/// The model to load: the one asked for (which must load), else `model/`
/// inside the data folder when it exists (where `cartelera train` and the
/// demo put it beside the data it was trained on).
fn model_dir(asked: Option<PathBuf>, data: &Path) -> Option<PathBuf> {
    asked.or_else(|| {
        let default = data.join("model");
        default.is_dir().then_some(default)
    })
}

/// The taste model to load: the one asked for (which must load), else
/// `taste/` inside the data folder (where `cartelera taste` writes by
/// default) when it exists; `Err` holds the folder that was looked for,
/// for the note and the routes' 503.
fn taste_dir(asked: Option<PathBuf>, data: &Path) -> Result<PathBuf, PathBuf> {
    match asked {
        Some(dir) => Ok(dir),
        None => {
            let default = data.join("taste");
            match default.is_dir() {
                true => Ok(default),
                false => Err(default),
            }
        }
    }
}

/// The static folder: the one asked for (which must exist), else `dist`
/// when it exists.
fn dist_dir(asked: Option<PathBuf>) -> Result<Option<PathBuf>> {
    if let Some(dir) = &asked {
        // An exported page folder is one target of its parent's output set.
        crate::atomic::recover_around(dir)?;
    }
    match asked {
        Some(dir) if dir.is_dir() => Ok(Some(dir)),
        Some(dir) => bail!(
            "{} is not a folder (build the web app first, or leave out --dist)",
            dir.display()
        ),
        None => Ok(Some(PathBuf::from(DEFAULT_DIST_DIR)).filter(|d| d.is_dir())),
    }
}

/// Runs `cartelera serve`: the URL goes to `out`, notes to `err`.
pub fn run(args: ServeArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<()> {
    // Everything is loaded before binding: bad data stops the server
    // before it accepts anything.
    let catalog = Arc::new(load_catalog(&args.data)?);
    let recommender = match model_dir(args.model, &args.data) {
        Some(dir) => Some(Arc::new(Recommender::new(load_model(&dir)?))),
        None => {
            writeln!(
                err,
                "note: no factor file at {}: /predict and /recommend will answer 503",
                args.data.join("model").display()
            )?;
            None
        }
    };
    let taste = match taste_dir(args.taste, &args.data) {
        Ok(dir) => Taste::Loaded(Arc::new(compose_taste(&dir, (*catalog).clone())?)),
        Err(missing) => {
            writeln!(
                err,
                "note: no taste model at {}: /recommend?picks= and /similar will answer 503 \
                 (build it with `cartelera taste --out {}`)",
                missing.display(),
                missing.display()
            )?;
            Taste::Missing(missing)
        }
    };
    let dist = dist_dir(args.dist)?;
    let (log, mut log_lines) = cartelera_server::access_log::channel(LOG_BACKLOG);
    let config = ServerConfig {
        addr: SocketAddr::new(args.host, args.port),
        catalog,
        recommender,
        taste,
        dist,
        limits: Limits::default(),
        access_log: (!args.quiet).then(|| log.clone()),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async {
        let server = cartelera_server::bind(config.clone())
            .await
            .with_context(|| format!("cannot listen on {}", config.addr))?;
        writeln!(
            out,
            "Cartelera API on http://{}/ (docs at /docs)",
            server.local_addr()
        )?;
        out.flush()?;
        if config.dist.is_none() {
            writeln!(err, "note: no web app folder (dist/): / answers 404")?;
        }
        // This thread owns `err` (the CLI holds stderr's lock): it writes
        // the access log until told to stop. It drains the queue on a
        // timer rather than waiting on it, so a request never wakes it:
        // one wake-up and one write per tick, however busy the server.
        let stop = stop_signal();
        tokio::pin!(stop);
        let mut tick = tokio::time::interval(LOG_FLUSH_EVERY);
        let mut batch = String::new();
        loop {
            tokio::select! {
                () = &mut stop => break,
                _ = tick.tick() => write_batch(err, &mut log_lines, &mut batch)?,
            }
        }
        writeln!(
            err,
            "stopping: finishing the requests in flight (at most {:.0} s)",
            config.limits.shutdown_grace.as_secs_f64()
        )?;
        let stopped = server.shutdown().await.context("the server failed");
        write_batch(err, &mut log_lines, &mut batch)?;
        if log.dropped() > 0 {
            writeln!(
                err,
                "note: {} access-log lines were dropped (stderr too slow)",
                log.dropped()
            )?;
        }
        stopped
    })
}

/// Unwritten access-log lines kept before new ones are dropped (enough
/// for a flush interval at well over 100,000 requests/s).
const LOG_BACKLOG: usize = 65_536;
/// How often the access log is written out.
const LOG_FLUSH_EVERY: std::time::Duration = std::time::Duration::from_millis(50);

/// Writes every queued access-log line with one call.
fn write_batch(
    err: &mut dyn Write,
    lines: &mut tokio::sync::mpsc::Receiver<String>,
    batch: &mut String,
) -> Result<()> {
    batch.clear();
    while let Ok(line) = lines.try_recv() {
        batch.push_str(&line);
        batch.push('\n');
    }
    if !batch.is_empty() {
        err.write_all(batch.as_bytes())?;
    }
    Ok(())
}

/// Resolves on SIGINT (Ctrl-C) or, on Unix, SIGTERM.
async fn stop_signal() {
    let interrupt = async {
        // Without a signal handler there is no way to stop but killing.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut term) => {
                term.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_model_defaults_to_the_data_folders() {
        let data = tempfile::tempdir().unwrap();
        assert_eq!(model_dir(None, data.path()), None);
        std::fs::create_dir(data.path().join("model")).unwrap();
        assert_eq!(
            model_dir(None, data.path()),
            Some(data.path().join("model"))
        );
        let asked = PathBuf::from("/elsewhere/model");
        assert_eq!(model_dir(Some(asked.clone()), data.path()), Some(asked));
    }

    #[test]
    fn the_taste_model_defaults_to_the_data_folders() {
        let data = tempfile::tempdir().unwrap();
        let default = data.path().join("taste");
        assert_eq!(taste_dir(None, data.path()), Err(default.clone()));
        std::fs::create_dir(&default).unwrap();
        assert_eq!(taste_dir(None, data.path()), Ok(default));
        // One asked for is loaded (and must load) even when it is missing.
        let asked = PathBuf::from("/elsewhere/taste");
        assert_eq!(taste_dir(Some(asked.clone()), data.path()), Ok(asked));
    }
}
