//! Processes and their memory: peak RSS from `/proc`, and the harness
//! re-running itself in a child process so that each measured build or cold
//! start has its own address space (peaks do not mix, dictionaries are
//! loaded afresh).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A `kB` field (`VmHWM`, `VmRSS`) of `/proc/PID/status`, or of this process
/// with `pid` `None`; in MB. `None` where `/proc` is unavailable.
pub fn status_mb(pid: Option<u32>, field: &str) -> Option<f64> {
    let path = match pid {
        Some(pid) => format!("/proc/{pid}/status"),
        None => "/proc/self/status".to_string(),
    };
    let status = std::fs::read_to_string(path).ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kb: f64 = line
        .trim_start_matches(field)
        .trim_start_matches(':')
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}

/// Peak resident memory (`VmHWM`) of this process, in MB (0 without `/proc`).
pub fn own_peak_rss_mb() -> f64 {
    status_mb(None, "VmHWM").unwrap_or(0.0)
}

/// Runs the harness binary itself with `args` (a hidden sub-mode) and
/// parses the JSON object it prints as its last line.
pub fn run_self(args: &[String]) -> Result<serde_json::Value, String> {
    let exe = std::env::current_exe().map_err(|e| format!("locating the harness: {e}"))?;
    let output = Command::new(&exe)
        .args(args)
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("running {}: {e}", exe.display()))?;
    if !output.status.success() {
        return Err(format!(
            "harness {} failed ({})",
            args.join(" "),
            output.status
        ));
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let last = stdout.lines().last().unwrap_or_default();
    serde_json::from_str(last).map_err(|e| format!("harness {}: {e}: {last:?}", args.join(" ")))
}

/// Bytes of all files under `dir`.
pub fn dir_size(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| match e.metadata() {
            Ok(m) if m.is_dir() => dir_size(&e.path()),
            Ok(m) => m.len(),
            Err(_) => 0,
        })
        .sum()
}

/// Runs `program` with `args` and returns the time from spawning it to the
/// first line it prints (its signal that it is done or ready), then waits
/// for it to exit.
pub fn time_to_first_line(program: &Path, args: &[String]) -> Result<std::time::Duration, String> {
    use std::io::BufRead;
    let started = std::time::Instant::now();
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("running {}: {e}", program.display()))?;
    let mut line = String::new();
    if let Some(out) = child.stdout.take() {
        std::io::BufReader::new(out)
            .read_line(&mut line)
            .map_err(|e| e.to_string())?;
    }
    let elapsed = started.elapsed();
    let status = child.wait().map_err(|e| e.to_string())?;
    if !status.success() || line.is_empty() {
        return Err(format!(
            "{} {} failed ({status})",
            program.display(),
            args.join(" ")
        ));
    }
    Ok(elapsed)
}

/// target/release/search-server, built now with cargo (a no-op when it is
/// up to date).
pub fn release_binary() -> Result<PathBuf, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    eprintln!("  cargo build --release -p search-server");
    let status = Command::new(cargo)
        .current_dir(root)
        .args(["build", "--release", "--quiet", "-p", "search-server"])
        .status()
        .map_err(|e| format!("running cargo: {e}"))?;
    if !status.success() {
        return Err(format!(
            "cargo build --release -p search-server failed ({status})"
        ));
    }
    Ok(root.join("target/release/search-server"))
}
