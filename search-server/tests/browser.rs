//! The search page in real headless Chromium, driven over WebDriver
//! (chromedriver) with real typing: a Chinese and an English query, the
//! language filter, IME composition, paging, the no-results and error
//! messages, and screenshots under target/screenshots/.
//!
//! Skips with one printed line when /usr/bin/chromium or chromedriver is
//! missing (`apt-get install chromium chromium-driver`).

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{json, Value};
use test_kit::{encode as enc, Client, Launch, Request};

const BIN: &str = env!("CARGO_BIN_EXE_search-server");

const CHROMIUM: &str = "/usr/bin/chromium";
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

fn chromedriver() -> Option<PathBuf> {
    ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
        .into_iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

/// A chromedriver process and one browser session; both end on drop.
struct Browser {
    driver: Child,
    base: String,
    session: String,
    http: Client,
}

impl Browser {
    fn start(driver_path: &Path, profile: &Path) -> Browser {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new(driver_path)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let base = format!("http://127.0.0.1:{port}");
        let http = Client::new().unwrap();
        let mut browser = Browser {
            driver,
            base,
            session: String::new(),
            http,
        };
        wait_for("chromedriver to start", Duration::from_secs(30), || {
            browser
                .http
                .get(format!("{}/status", browser.base))
                .ok()
                .and_then(|r| r.try_json().ok())
                .is_some_and(|v| v["value"]["ready"] == true)
        });
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--window-size=1000,1300",
                    "--hide-scrollbars", format!("--user-data-dir={}", profile.display()),
                ]
            }
        }}});
        let session = browser.call("POST", "/session", Some(capabilities));
        browser.session = session["sessionId"].as_str().unwrap().to_string();
        browser
    }

    /// A WebDriver command; returns its `value`.
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = if path == "/session" {
            format!("{}/session", self.base)
        } else {
            format!("{}/session/{}{path}", self.base, self.session)
        };
        let request = match (method, body) {
            ("GET", _) => Request::get(url),
            ("DELETE", _) => Request::delete(url),
            (_, body) => Request::post(url).json(&body.unwrap_or(json!({}))),
        };
        let response = self
            .http
            .send(&request)
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let status = response.status;
        let value = response.json();
        assert!(status.is_success(), "{method} {path}: {value}");
        value["value"].clone()
    }

    fn goto(&self, url: &str) {
        self.call("POST", "/url", Some(json!({ "url": url })));
    }

    fn find(&self, css: &str) -> String {
        let found = self.call(
            "POST",
            "/element",
            Some(json!({"using": "css selector", "value": css})),
        );
        found[ELEMENT_KEY]
            .as_str()
            .unwrap_or_else(|| panic!("no element {css}: {found}"))
            .to_string()
    }

    fn click(&self, css: &str) {
        let id = self.find(css);
        self.call("POST", &format!("/element/{id}/click"), Some(json!({})));
    }

    /// Types into an element with real key events.
    fn type_into(&self, css: &str, text: &str) {
        let id = self.find(css);
        self.call("POST", &format!("/element/{id}/clear"), Some(json!({})));
        self.call(
            "POST",
            &format!("/element/{id}/value"),
            Some(json!({ "text": text })),
        );
    }

    fn script(&self, source: &str) -> Value {
        self.call(
            "POST",
            "/execute/sync",
            Some(json!({"script": source, "args": []})),
        )
    }

    /// Waits (at most 15 s) until the script returns true.
    fn wait_until(&self, what: &str, source: &str) {
        wait_for(what, Duration::from_secs(15), || {
            self.script(source) == json!(true)
        });
    }

    fn screenshot(&self, name: &str) -> PathBuf {
        let data = self.call("GET", "/screenshot", None);
        let png = base64::engine::general_purpose::STANDARD
            .decode(data.as_str().unwrap())
            .unwrap();
        // BIN is target/<profile>/search-server: screenshots go to target/screenshots.
        let target = Path::new(BIN).parent().unwrap().parent().unwrap();
        let dir = target.join("screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, png).unwrap();
        path
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self
                .http
                .delete(format!("{}/session/{}", self.base, self.session));
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn wait_for(what: &str, limit: Duration, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + limit;
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Every hit's language badges, as text (e.g. `["EN 中文", "中文"]`).
const BADGES: &str = "return [...document.querySelectorAll('#results li')].map(li => [...li.querySelectorAll('.badge')].map(b => b.textContent).join(' '))";

#[test]
fn search_page_in_headless_chromium() {
    let Some(driver_path) = chromedriver().filter(|_| Path::new(CHROMIUM).exists()) else {
        println!("SKIP browser test: {CHROMIUM} or chromedriver not installed (apt-get install chromium chromium-driver)");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let server = Launch::new(BIN, tmp.path().join("data")).start().unwrap();
    let browser = Browser::start(&driver_path, &tmp.path().join("profile"));

    // Chinese, typed.
    browser.goto(&server.url);
    browser.wait_until(
        "the start hint",
        "return !document.getElementById('message').hidden",
    );
    browser.type_into("#q", "云计算");
    browser.wait_until(
        "Chinese results with highlights",
        "return document.querySelectorAll('#results li').length > 0 && document.querySelectorAll('#results mark').length > 0",
    );
    let marks = browser
        .script("return [...document.querySelectorAll('#results mark')].map(m => m.textContent)");
    assert!(
        marks
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m.as_str().unwrap().contains('云')),
        "{marks}"
    );
    // In the first ten results no lone character is marked, and every
    // result holds the word itself (none matched through characters alone).
    let lone = browser.script(
        "return [...document.querySelectorAll('#results mark')].map(m => m.textContent).filter(t => [...t].length === 1 && /\\p{Script=Han}/u.test(t))",
    );
    assert_eq!(
        lone.as_array().map(Vec::len),
        Some(0),
        "lone characters marked: {lone}"
    );
    let without_word = browser.script(
        "return [...document.querySelectorAll('#results li')].slice(0, 10).filter(li => ![...li.querySelectorAll('mark')].some(m => [...m.textContent].length > 1)).map(li => li.textContent.slice(0, 60))",
    );
    assert_eq!(
        without_word.as_array().map(Vec::len),
        Some(0),
        "results without the word: {without_word}"
    );
    let url = browser.script("return location.search");
    assert!(
        url.as_str()
            .unwrap()
            .contains(&format!("q={}", enc("云计算"))),
        "{url}"
    );
    let status = browser.script("return document.getElementById('status').textContent");
    assert!(status.as_str().unwrap().contains("ms"), "{status}");
    browser.screenshot("search-zh.png");

    // The matching strategy is a choice on the page, kept in the URL.
    browser.script(
        "const s = document.getElementById('strategy'); s.value = 'all'; s.dispatchEvent(new Event('change')); return true",
    );
    browser.wait_until(
        "every-word results",
        "return location.search.includes('match=all') && document.querySelectorAll('#results li').length > 0",
    );
    browser.script(
        "const s = document.getElementById('strategy'); s.value = 'relaxed'; s.dispatchEvent(new Event('change')); return true",
    );
    browser.wait_until(
        "the default strategy again",
        "return !location.search.includes('match=')",
    );

    // A story in both languages links to its other version.
    browser.type_into("#q", "海水 降温");
    browser.wait_until(
        "the English version link",
        "return [...document.querySelectorAll('#results a.version')].some(a => a.textContent === 'English version')",
    );
    browser.type_into("#q", "seawater cooling");
    browser.wait_until(
        "the Chinese version link",
        "return [...document.querySelectorAll('#results a.version')].some(a => a.textContent === '中文版')",
    );
    browser.screenshot("search-versions.png");

    // The language filter: English only.
    browser.click(".langs button[data-lang='en']");
    browser.wait_until(
        "the English filter in the URL",
        "return location.search.includes('lang=en')",
    );
    browser.wait_until(
        "English-only results",
        "const b = [...document.querySelectorAll('#results li')]; return b.length > 0 && b.every(li => li.textContent.includes('EN'))",
    );
    let badges = browser.script(BADGES);
    for badge in badges.as_array().unwrap() {
        assert!(badge.as_str().unwrap().contains("EN"), "{badges}");
    }

    // English, typed, with the 中文 filter on and then off.
    browser.click(".langs button[data-lang='']");
    browser.wait_until(
        "no language filter",
        "return !location.search.includes('lang=')",
    );
    browser.type_into("#q", "cloud outage");
    browser.wait_until(
        "English results with highlights",
        "return location.search.includes('outage') && [...document.querySelectorAll('#results mark')].some(m => /cloud|outage/i.test(m.textContent))",
    );
    browser.screenshot("search-en.png");
    browser.click(".langs button[data-lang='zh']");
    browser.wait_until(
        "the Chinese filter in the URL",
        "return location.search.includes('lang=zh')",
    );
    browser.wait_until(
        "Chinese-only results",
        "const b = [...document.querySelectorAll('#results li')]; return b.length > 0 && b.every(li => li.textContent.includes('中文'))",
    );

    // The cross-lingual switch goes into the URL and the request.
    browser.click("#cross");
    browser.wait_until(
        "cross-lingual results",
        "return location.search.includes('cross=1') && document.getElementById('message').hidden && document.querySelectorAll('#results li').length > 0",
    );

    // No search while an input method is composing; one when it ends.
    browser.script(
        "const q = document.getElementById('q');
         q.dispatchEvent(new CompositionEvent('compositionstart', {data: ''}));
         q.value = 'shuju';
         q.dispatchEvent(new InputEvent('input', {data: 'shuju', isComposing: true}));",
    );
    std::thread::sleep(Duration::from_millis(800));
    let url = browser.script("return location.search");
    assert!(
        !url.as_str().unwrap().contains("shuju"),
        "searched mid-composition: {url}"
    );
    browser.script(
        "const q = document.getElementById('q');
         q.value = '数据中心';
         q.dispatchEvent(new CompositionEvent('compositionend', {data: '数据中心'}));",
    );
    browser.wait_until(
        "results after composition",
        &format!("return location.search.includes('{}') && document.querySelectorAll('#results mark').length > 0", enc("数据中心")),
    );

    // A shared link with a page number; no results; an error from the API.
    browser.goto(&format!("{}/?q=cloud&page=2", server.url));
    browser.wait_until(
        "page 2",
        "const c = document.querySelector('nav.pages [aria-current=page]'); return !!c && c.textContent === '2'",
    );
    browser.goto(&format!("{}/?q=zzqqxxnothing", server.url));
    browser.wait_until(
        "the no-results message",
        "const m = document.getElementById('message'); return !m.hidden && m.textContent.includes('No results')",
    );
    browser.goto(&format!("{}/?q={}", server.url, "x".repeat(1001)));
    browser.wait_until(
        "the error message",
        "const m = document.getElementById('message'); return !m.hidden && m.classList.contains('error') && m.textContent.includes('1000')",
    );
    browser.screenshot("search-error.png");

    drop(browser);
    assert!(server.stop().unwrap().success());
}
