//! Headless Chromium driven through chromedriver (WebDriver) with
//! fantoccini: one fresh browser profile per test.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

/// How long a test waits for something to appear.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// A browser session and the chromedriver behind it (killed on drop).
pub struct Browser {
    /// The WebDriver session.
    pub client: Client,
    driver: Child,
    driver_port: u16,
    _profile: tempfile::TempDir,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

impl Browser {
    /// Starts chromedriver and a headless Chromium with a new empty profile.
    pub async fn start() -> Browser {
        Browser::start_sized(1200, 900).await
    }

    /// Same, with a given window size (a phone is 390 × 844).
    pub async fn start_sized(width: u32, height: u32) -> Browser {
        let port = free_port();
        let driver =
            Command::new(std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into()))
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("chromedriver starts (install Debian's chromium-driver; `.ci/run` does)");
        let profile = tempfile::tempdir().expect("profile folder");
        let args = [
            "--headless=new".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-dev-shm-usage".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            format!("--window-size={width},{height}"),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        let mut options = json!({ "args": args });
        if let Ok(binary) = std::env::var("CHROMIUM") {
            options["binary"] = json!(binary);
        } else if std::path::Path::new("/usr/bin/chromium").is_file() {
            options["binary"] = json!("/usr/bin/chromium");
        }
        let mut caps = serde_json::Map::new();
        caps.insert("goog:chromeOptions".into(), options);
        let url = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        let client = loop {
            let attempt = ClientBuilder::new(HttpConnector::new())
                .capabilities(caps.clone())
                .connect(&url)
                .await;
            match attempt {
                Ok(client) => break client,
                Err(e) if started.elapsed() > PATIENCE => {
                    panic!("cannot start a browser session: {e}")
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        };
        Browser {
            client,
            driver,
            driver_port: port,
            _profile: profile,
        }
    }

    /// Opens `url` and waits for the app to have rendered something
    /// other than the static boot text.
    pub async fn open(&self, url: &str) {
        self.client.goto(url).await.expect("navigate");
    }

    /// Waits for the first element matching `css` and returns it.
    pub async fn wait(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css} did not appear: {e}"))
    }

    /// Waits until the element matching `css` has a text satisfying
    /// `ok`, and returns that text.
    pub async fn wait_text(&self, css: &str, ok: impl Fn(&str) -> bool) -> String {
        let started = Instant::now();
        let mut last = String::new();
        while started.elapsed() < PATIENCE {
            if let Ok(el) = self.client.find(Locator::Css(css)).await {
                if let Ok(text) = el.text().await {
                    if ok(&text) {
                        return text;
                    }
                    last = text;
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("{css} never got the expected text; last seen: {last:?}");
    }

    /// The text of the element matching `css` (it must exist). The app
    /// may replace the element between finding and reading it (the home's
    /// top is drawn again once the catalog is in): [`Self::wait_text`]
    /// then finds it again.
    pub async fn text(&self, css: &str) -> String {
        self.wait_text(css, |_| true).await
    }

    /// The current address.
    pub async fn url(&self) -> String {
        self.client
            .current_url()
            .await
            .expect("current url")
            .to_string()
    }

    /// Scrolls the first element matching `css` (once it exists) into
    /// view, as a visitor reading down to it does.
    pub async fn scroll_to(&self, css: &str) {
        self.wait(css).await;
        let script = format!(
            "document.querySelector({}).scrollIntoView(); return true",
            serde_json::to_string(css).unwrap()
        );
        self.js(&script).await;
    }

    /// Runs a script and returns its value.
    pub async fn js(&self, script: &str) -> serde_json::Value {
        self.client
            .execute(script, vec![])
            .await
            .expect("script runs")
    }
}

impl Browser {
    /// Sends a Chrome DevTools Protocol command through chromedriver
    /// (`goog/cdp/execute`) and returns its result.
    pub async fn cdp(&self, command: &str, params: serde_json::Value) -> serde_json::Value {
        use std::io::{BufRead, Read, Write};
        let session = self
            .client
            .session_id()
            .await
            .expect("session id")
            .expect("a session");
        let body = json!({ "cmd": command, "params": params }).to_string();
        let port = self.driver_port;
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).expect("chromedriver");
        stream
            .set_read_timeout(Some(PATIENCE))
            .expect("a read timeout");
        write!(
            stream,
            "POST /session/{session}/goog/cdp/execute HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .expect("send to chromedriver");
        // chromedriver keeps the connection open: read exactly the body.
        let mut reader = std::io::BufReader::new(stream);
        let mut length = 0;
        let mut line = String::new();
        while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
            if let Some((name, value)) = line.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().expect("a body length");
                }
            }
            line.clear();
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).expect("chromedriver's reply");
        let reply = String::from_utf8_lossy(&body);
        let value: serde_json::Value = serde_json::from_str(&reply)
            .unwrap_or_else(|e| panic!("{command}: unreadable reply {reply:?}: {e}"));
        assert!(
            value["value"].get("error").is_none(),
            "{command} failed: {value}"
        );
        value["value"].clone()
    }
}

impl Browser {
    /// Ends the session (Chromium exits), then chromedriver.
    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // After `close`, Chromium has exited; a failed test never reaches
        // it, and its Chromium ends with the test process.
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
