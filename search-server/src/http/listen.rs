//! The accept loop: serves a router on a TCP listener, with a deadline for
//! reading each request's headers and a graceful stop.
//!
//! `axum::serve` sets no timer on hyper's connections, and without one
//! hyper's header-read timeout never fires: a client that opens a
//! connection and sends its headers one byte a minute (slowloris) keeps a
//! socket and a task forever, and enough of them exhaust the process's file
//! descriptors. This loop is the same accept-and-serve (HTTP/1.1 and
//! HTTP/2, one task per connection) with tokio's timer installed and the
//! deadline set.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;

/// Default time a client has to send a request's headers, counted from
/// the connection's opening or the end of its previous request (so a
/// keep-alive connection idle that long is closed too). hyper's own
/// default, which it applies only when a timer is set.
pub const DEFAULT_HEADER_TIMEOUT: Duration = Duration::from_secs(30);

/// Pause after a failed `accept` (such as running out of file
/// descriptors) before trying again, so the loop does not spin.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);

/// Serves `app` on `listener` until `stop` resolves, then stops accepting
/// and waits for the connections' requests in flight to finish. A
/// connection whose request headers have not all arrived `header_timeout`
/// after it opened (or after its previous request) is closed.
///
/// ```
/// use std::time::Duration;
///
/// # fn main() -> std::io::Result<()> {
/// tokio::runtime::Runtime::new()?.block_on(async {
///     let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
///     let app = axum::Router::new().route("/", axum::routing::get(|| async { "hello" }));
///     // Stops at once: `stop` is already resolved.
///     search_server::http::listen::serve(listener, app, Duration::from_secs(10), async {}).await
/// })
/// # }
/// ```
pub async fn serve(
    listener: TcpListener,
    app: Router,
    header_timeout: Duration,
    stop: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout);
    builder.http2().timer(TokioTimer::new());
    let builder = Arc::new(builder);
    let graceful = GracefulShutdown::new();
    // Tells connections still waiting for their first byte to give up.
    let (stopping, stopping_rx) = tokio::sync::watch::channel(());
    tokio::pin!(stop);
    loop {
        let stream = tokio::select! {
            () = &mut stop => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    tracing::warn!(error = %e, "cannot accept a connection");
                    tokio::time::sleep(ACCEPT_BACKOFF).await;
                    continue;
                }
            },
        };
        let service = TowerToHyperService::new(app.clone());
        let builder = Arc::clone(&builder);
        let watcher = graceful.watcher();
        let mut stopped = stopping_rx.clone();
        tokio::spawn(async move {
            // The builder reads the first bytes to tell HTTP/1 from HTTP/2
            // before hyper's timers start: a client that sends nothing at
            // all is closed here.
            let mut first = [0u8; 1];
            tokio::select! {
                peeked = tokio::time::timeout(header_timeout, stream.peek(&mut first)) => {
                    if !matches!(peeked, Ok(Ok(n)) if n > 0) {
                        return;
                    }
                }
                _ = stopped.changed() => return,
            }
            let connection = builder
                .serve_connection_with_upgrades(TokioIo::new(stream), service)
                .into_owned();
            if let Err(e) = watcher.watch(connection).await {
                tracing::debug!(error = %e, "connection closed with an error");
            }
        });
    }
    drop(listener);
    let _ = stopping.send(());
    graceful.shutdown().await;
    Ok(())
}
