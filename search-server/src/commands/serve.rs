//! `search-server serve`: the HTTP API on a socket, with graceful shutdown.

use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use axum::http::HeaderValue;
use search_server::http::{listen, ApiKey, HttpConfig};
use search_server::{app, corpus, AppState, Error, Result};
use tokio::net::TcpListener;

use crate::cli::ServeArgs;

/// How long in-flight requests get to finish after a stop signal.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(30);

pub fn run(args: ServeArgs) -> Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(serve(args))?;
    Ok(ExitCode::SUCCESS)
}

async fn serve(args: ServeArgs) -> Result<()> {
    let dir = args.location.index_dir.clone();
    let fresh = super::is_empty_dir(&dir);
    let location = args.location.clone();
    let engine = tokio::task::spawn_blocking(move || super::open(&location)).await??;
    let engine = Arc::new(engine);
    if fresh {
        let bootstrap = engine.clone();
        let added = tokio::task::spawn_blocking(move || corpus::index_into(&bootstrap)).await??;
        tracing::info!(documents = added, dir = %dir.display(), "new index: added the bundled sample articles");
    }

    let cors_origin = match &args.cors_origin {
        Some(origin) => Some(HeaderValue::from_str(origin).map_err(|_| {
            Error::Io(std::io::Error::other(format!(
                "--cors-origin {origin:?} is not a valid header value"
            )))
        })?),
        None => None,
    };
    let config = HttpConfig {
        api_key: args
            .api_key
            .as_deref()
            .filter(|k| !k.is_empty())
            .map(ApiKey::new),
        protect_search: args.protect_search,
        max_body_bytes: args.max_body_bytes,
        timeout: Duration::from_secs(args.timeout_secs.max(1)),
        concurrency: args.max_concurrent,
        search_threads: args.search_threads.max(1),
        cors_origin,
    };
    tracing::info!(
        api_key = config.api_key.is_some(),
        protect_search = config.protect_search,
        max_body_bytes = config.max_body_bytes,
        search_threads = config.search_threads,
        header_timeout_secs = args.header_timeout_secs,
        cors = config.cors_origin.is_some(),
        "settings"
    );
    let state = AppState::new(engine.clone(), config);

    let listener = TcpListener::bind(&args.addr)
        .await
        .map_err(|source| Error::Bind {
            addr: args.addr.clone(),
            source,
        })?;
    let addr = listener.local_addr()?;
    // Read the cross-lingual dictionary now, off the request path, rather
    // than on the first cross-lingual search.
    let preload = engine.clone();
    std::thread::spawn(move || {
        if let Err(e) = preload.dictionary() {
            tracing::error!(error = %e, "the cross-lingual dictionary could not be read");
        }
    });
    let documents = engine.stats().map(|s| s.documents).unwrap_or(0);
    tracing::info!(%addr, documents, dir = %dir.display(), "ready");
    {
        // Tests and scripts read this line to find the port.
        let mut out = std::io::stdout().lock();
        writeln!(out, "listening on http://{addr}")?;
        out.flush()?;
    }

    let (stopping_tx, stopping_rx) = tokio::sync::oneshot::channel::<()>();
    let stop = async move {
        stop_signal().await;
        tracing::info!("stopping: finishing requests in flight");
        let _ = stopping_tx.send(());
    };
    let header_timeout = Duration::from_secs(args.header_timeout_secs.max(1));
    let server = listen::serve(listener, app(state.clone()), header_timeout, stop);
    tokio::select! {
        result = server => result?,
        () = async {
            if stopping_rx.await.is_err() {
                std::future::pending::<()>().await;
            }
            tokio::time::sleep(SHUTDOWN_GRACE).await;
        } => tracing::warn!("requests still in flight after {SHUTDOWN_GRACE:?}; stopping anyway"),
    }

    // Wait for a write whose client went away, then make sure all is on disk.
    let _writer = state.writer.lock().await;
    tokio::task::spawn_blocking(move || engine.commit()).await??;
    tracing::info!("stopped; index committed");
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM.
async fn stop_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
