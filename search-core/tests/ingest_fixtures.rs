//! Ingest of the pages, feeds and text dumps in `tests/fixtures/ingest`
//! (written for this project, none copied from a real site): each one's
//! title, date, language, url, first and last sentence, and that none of
//! the page furniture around the article reached the body.

use std::path::{Path, PathBuf};

use search_core::ingest::{read_file, text::read_dump, FileKind, IngestOptions};
use search_core::{Document, Engine, EngineConfig};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ingest")
}

/// The documents of one fixture file, its id relative to the fixture root.
fn read(relative: &str) -> Vec<Document> {
    read_file(&fixtures().join(relative), &fixtures())
        .unwrap()
        .into_iter()
        .map(|r| r.unwrap_or_else(|e| panic!("{e}")))
        .collect()
}

/// What one document must be.
struct Expected {
    title: &'static str,
    published: Option<&'static str>,
    lang: &'static [&'static str],
    url: Option<&'static str>,
    first: &'static str,
    last: &'static str,
    /// Text from around the article that must not be in the body.
    furniture: &'static [&'static str],
}

fn check(doc: &Document, e: &Expected) {
    let id = &doc.id;
    assert_eq!(doc.title, e.title, "{id}: title");
    assert_eq!(doc.published.as_deref(), e.published, "{id}: published");
    assert_eq!(doc.lang, e.lang, "{id}: lang");
    assert_eq!(doc.url.as_deref(), e.url, "{id}: url");
    assert!(
        doc.body.starts_with(e.first),
        "{id}: body starts {:?}",
        doc.body
    );
    assert!(doc.body.ends_with(e.last), "{id}: body ends {:?}", doc.body);
    for furniture in e.furniture {
        assert!(
            !doc.body.contains(furniture),
            "{id}: {furniture:?} reached the body:\n{}",
            doc.body
        );
    }
    // Paragraphs stay paragraphs.
    assert!(!doc.body.contains("\n\n\n"), "{id}: empty paragraphs");
}

/// Menus, footers and buttons common to many of the fixtures.
const COMMON: &[&str] = &[
    "Skip to",
    "Home",
    "Subscribe",
    "Privacy",
    "cookie",
    "Cookie",
    "©",
    "Share",
    "Related",
    "首页",
    "首頁",
    "登录",
    "分享",
    "版权所有",
    "版權所有",
    "相关阅读",
    "延伸閱讀",
    "Facebook",
];

#[test]
fn html_pages() {
    let cases: &[(&str, Expected)] = &[
        (
            "html/en-article.html",
            Expected {
                title: "Northwind Cloud cuts GPU instance prices by a third",
                published: Some("2026-03-14T08:30:00Z"),
                lang: &["en"],
                url: Some("https://cloudledger.example/2026/03/northwind-gpu-prices"),
                first: "Northwind Cloud lowered the hourly price of its GPU instances by 33 percent on Friday, the third cut in twelve months.",
                last: "which have stayed flat since last spring.",
                furniture: &["Accept all cookies", "By Dana Whitfield", "Share on X", "Tags:", "Why spot instances", "Terms of use", "Analysis", "track("],
            },
        ),
        (
            "html/zh-hans-article.html",
            Expected {
                title: "华东云宣布在西部新建两个数据中心",
                published: Some("2026-04-20T10:00:00+08:00"),
                lang: &["zh"],
                url: Some("https://yunguancha.example/news/2026/0420/dc-west.html"),
                first: "华东云周二宣布，将在西部地区新建两个大型数据中心，总投资超过一百亿元。",
                last: "但表示建成后将使其总算力提升约三成。",
                furniture: &["无障碍", "手机版", "正文", "来源：", "微信", "云服务价格战再起", "ICP", "_hmt"],
            },
        ),
        (
            "html/zh-hant-article.html",
            Expected {
                title: "台灣企業上雲比例創新高",
                published: Some("2026-05-02T09:15:00+08:00"),
                lang: &["zh"],
                url: Some("https://yunduan.example/tw/2026/05/cloud-adoption"),
                first: "最新調查顯示，台灣已有超過六成的中大型企業將核心系統移轉到雲端服務。",
                last: "未來三年企業在雲端服務上的支出每年將成長兩成以上。",
                furniture: &["會員登入", "Cookie", "記者", "LINE", "複製連結", "資料中心用電爭議", "服務條款"],
            },
        ),
        (
            "html/bilingual.html",
            Expected {
                title: "Cloud outage report 云服务中断报告",
                published: Some("2026-06-03"),
                lang: &["en", "zh"],
                url: Some("https://harbortech.example/reports/outage-2026-06"),
                first: "A configuration change in a shared load balancer took down storage services",
                last: "The provider has promised a full postmortem within two weeks.",
                furniture: &["Reports", "中文 ", "Search", "Published", "About", "RSS"],
            },
        ),
        (
            "html/gb18030.html",
            Expected {
                title: "国产芯片服务器出货量同比翻番",
                published: Some("2026-08-18T09:00:00+08:00"),
                lang: &["zh"],
                url: Some("https://suanli.example/2026/08/18/servers.html"),
                // Characters outside GBK (㵘, 䶮) need GB18030's four-byte codes.
                first: "今年上半年，采用国产芯片的服务器出货量比去年同期增长了一倍以上。",
                last: "业内预计下半年的增速会有所放缓。",
                furniture: &["芯片 |", "服务器 |", "来源：", "关于我们", "联系方式"],
            },
        ),
        (
            "html/big5.html",
            Expected {
                title: "港島數據中心完成擴建",
                published: Some("2026-09-05"),
                lang: &["zh"],
                url: Some("https://hktech.example/news/2026/09/dc-expansion"),
                first: "位於港島東區的一座數據中心已完成擴建工程，機櫃數量增加了一千個。",
                last: "營運商計劃明年再於新界興建一座新設施。",
                furniture: &["主頁", "評論", "訂閱", "2026年9月5日", "私隱政策"],
            },
        ),
        (
            "html/jsonld-only.html",
            Expected {
                title: "Edge computing startup raises $40 million",
                published: Some("2026-02-09T14:00:00-05:00"),
                lang: &["en"],
                url: Some("https://edgewire.example/funding/edge-startup-raises-40m"),
                first: "A startup that runs small data centers inside cell towers has raised $40 million in its second funding round.",
                last: "Investors include two telecom operators that already lease tower space to the company.",
                furniture: &["Funding", "Devices", "newsletter", "Sign up", "@context"],
            },
        ),
        (
            "html/heavy-nav.html",
            Expected {
                title: "Serverless databases come of age",
                published: Some("2026-01-21"),
                lang: &["en"],
                url: Some("https://devopsdaily.example/posts/serverless-databases"),
                first: "Serverless databases, which scale to zero when nobody is querying them,",
                last: "the default choice for a new service has shifted.",
                furniture: &[
                    "Register now", "Kubernetes", "Operators", "Helm", "Log in", "Popular this week", "kubectl",
                    "Posted on", "Morgan Lee", "Posted in", "Tagged", "Reddit", "comments", "kube_fan",
                    "bill dropped", "Leave a Reply", "Independent reporting", "Advertise",
                ],
            },
        ),
        (
            "html/pair-en.html",
            Expected {
                title: "Lakeside Cloud opens a region in Singapore",
                published: Some("2026-07-08T02:00:00Z"),
                lang: &["en"],
                url: Some("https://news.lakeside.example/en/2026/07/singapore-region"),
                first: "Lakeside Cloud opened its first Southeast Asian region in Singapore on Wednesday,",
                last: "lower latency than from the existing Tokyo region.",
                furniture: &["Newsroom", "Press releases", "中文", "Careers", "Legal"],
            },
        ),
        (
            "html/pair-zh.html",
            Expected {
                title: "湖畔云在新加坡开设新区域",
                published: Some("2026-07-08T10:00:00+08:00"),
                lang: &["zh"],
                url: Some("https://news.lakeside.example/zh/2026/07/singapore-region"),
                first: "湖畔云周三在新加坡开设了其在东南亚的第一个区域，包含三个可用区。",
                last: "马来西亚和印度尼西亚的客户将获得更低的延迟。",
                furniture: &["新闻中心", "新闻稿", "English", "加入我们", "法律声明"],
            },
        ),
    ];
    for (file, expected) in cases {
        let docs = read(file);
        assert_eq!(docs.len(), 1, "{file}");
        assert_eq!(
            docs[0].id, *file,
            "ids are the path under the folder indexed"
        );
        check(&docs[0], expected);
        for furniture in COMMON {
            assert!(
                !docs[0].body.contains(furniture),
                "{file}: {furniture:?} reached the body"
            );
        }
    }
}

#[test]
fn html_metadata() {
    let en = &read("html/en-article.html")[0];
    assert_eq!(en.source.as_deref(), Some("Cloud Ledger"));
    assert_eq!(en.tags, ["GPU", "pricing"]);
    let zh = &read("html/zh-hans-article.html")[0];
    assert_eq!(
        zh.tags,
        ["数据中心", "华东云", "西部"],
        "from <meta name=keywords>"
    );
    let jsonld = &read("html/jsonld-only.html")[0];
    assert_eq!(
        jsonld.source.as_deref(),
        Some("EdgeWire"),
        "the JSON-LD publisher"
    );
    assert_eq!(jsonld.tags, ["edge computing", "funding"]);
    let hant = &read("html/zh-hant-article.html")[0];
    assert_eq!(hant.source.as_deref(), Some("雲端新聞網"));
}

#[test]
fn language_versions_know_each_other() {
    let en = &read("html/pair-en.html")[0];
    let zh = &read("html/pair-zh.html")[0];
    assert_eq!(
        en.translations.len(),
        1,
        "not itself: {:?}",
        en.translations
    );
    assert_eq!(en.translations["zh"], zh.url.clone().unwrap());
    assert_eq!(zh.translations["en"], en.url.clone().unwrap());
    assert!(read("html/en-article.html")[0].translations.is_empty());
}

#[test]
fn rss_with_html_content() {
    let items = read("feeds/cloud-ledger.rss");
    assert_eq!(items.len(), 3);
    check(
        &items[0],
        &Expected {
            title: "Northwind Cloud cuts GPU instance prices by a third",
            published: Some("2026-03-14T08:30:00+00:00"),
            lang: &["en"],
            url: Some("https://cloudledger.example/2026/03/northwind-gpu-prices"),
            first: "Northwind Cloud lowered the hourly price of its GPU instances by 33 percent on Friday,",
            last: "Analysts expect other providers to follow within weeks.",
            furniture: &["appeared first on", "<p>", "<a ", "href"],
        },
    );
    // A guid that is not unique by its form: the link is the id.
    assert_eq!(
        items[0].id,
        "https://cloudledger.example/2026/03/northwind-gpu-prices"
    );
    assert_eq!(items[0].tags, ["GPU", "pricing"]);
    assert_eq!(items[0].source.as_deref(), Some("Cloud Ledger"));
    assert!(
        items[0].body.contains("\n\nThe company said"),
        "paragraphs kept"
    );
    // HTML in <description>, Chinese in an English feed.
    check(
        &items[1],
        &Expected {
            title: "华东云宣布在西部新建两个数据中心",
            published: Some("2026-04-20T02:00:00+00:00"),
            lang: &["zh"],
            url: Some("https://cloudledger.example/zh/2026/04/dc-west"),
            first: "华东云周二宣布，将在西部地区新建两个大型数据中心，总投资超过一百亿元。",
            last: "新数据中心预计在明年年底前投入使用。",
            furniture: &["<p>"],
        },
    );
    assert_eq!(
        items[2].body,
        "Spot prices fell again this week. Two providers opened regions in the Middle East."
    );
}

#[test]
fn atom_feed() {
    let entries = read("feeds/lakeside.atom");
    assert_eq!(entries.len(), 2);
    check(
        &entries[0],
        &Expected {
            title: "湖畔云在新加坡开设新区域",
            published: Some("2026-07-08T02:00:00+00:00"),
            lang: &["zh"],
            url: Some("https://news.lakeside.example/zh/2026/07/singapore-region"),
            first: "湖畔云周三在新加坡开设了其在东南亚的第一个区域，包含三个可用区。",
            last: "马来西亚和印度尼西亚的客户将获得更低的延迟。",
            furniture: &["&lt;", "<p>"],
        },
    );
    assert_eq!(
        entries[0].id,
        "tag:news.lakeside.example,2026:zh/singapore-region"
    );
    assert_eq!(entries[0].tags, ["区域", "东南亚"]);
    assert_eq!(entries[0].source.as_deref(), Some("湖畔新闻中心"));
    // No <published>: the last update is the date; the summary the body.
    assert_eq!(
        entries[1].published.as_deref(),
        Some("2026-07-30T02:00:00+00:00")
    );
    assert!(entries[1].body.starts_with("湖畔云周四在大阪开设了区域"));
}

#[test]
fn json_feed() {
    let items = read("feeds/edgewire.json");
    assert_eq!(items.len(), 1);
    assert_eq!(
        items[0].id,
        "https://edgewire.example/funding/edge-startup-raises-40m"
    );
    assert_eq!(items[0].title, "Edge computing startup raises $40 million");
    assert_eq!(
        items[0].published.as_deref(),
        Some("2026-02-09T19:00:00+00:00")
    );
    assert_eq!(items[0].tags, ["edge computing", "funding"]);
}

#[test]
fn text_dumps() {
    let cases: &[(&str, Expected)] = &[
        (
            "text/01-cloud-ledger.txt",
            Expected {
                title: "Northwind Cloud cuts storage prices in Europe",
                published: Some("2026-03-28"),
                lang: &[],
                url: None,
                first: "Northwind Cloud will lower the price of its standard object storage tier",
                last: "applied automatically at their next billing cycle.",
                furniture: &["Skip to", "Cloud Ledger", "Sign in", "By Dana", "March 28", "Related", "egress", "©", "Privacy"],
            },
        ),
        (
            "text/02-yunguancha.txt",
            Expected {
                title: "国内公有云市场第一季度增长百分之二十",
                published: Some("2026-04-02"),
                lang: &[],
                url: None,
                first: "第一季度国内公有云市场规模同比增长百分之二十，增速较去年同期有所回升。",
                last: "全年增速将保持在百分之十五以上。",
                furniture: &["无障碍", "注册", "首页", "正文", "08:30", "来源", "分享", "相关阅读", "价格战", "版权"],
            },
        ),
        (
            "text/03-devops-daily.txt",
            Expected {
                title: "Kubernetes 1.40 drops support for legacy storage drivers",
                published: Some("2026-02-03"),
                lang: &[],
                url: None,
                first: "The next Kubernetes release will remove the last of the in-tree storage drivers,",
                last: "more than forty thousand lines of code from the core.",
                furniture: &["Register now", "Operations news", "Log in", "Home ›", "Posted on", "Share this", "Reddit", "4 comments"],
            },
        ),
        (
            "text/04-tw-news.txt",
            Expected {
                title: "台灣資料中心用電量五年增加一倍",
                published: Some("2026-05-12"),
                lang: &[],
                url: None,
                first: "最新統計指出，台灣資料中心的用電量在過去五年增加了一倍，",
                last: "液冷和更高效率的伺服器可以抵銷部分成長。",
                furniture: &["跳到", "會員登入", "科技 |", "記者", "分享", "延伸閱讀", "伺服器需求", "版權所有"],
            },
        ),
        (
            "text/05-harbor-bilingual.txt",
            Expected {
                title: "Provider publishes postmortem for June storage outage",
                published: Some("2026-06-17"),
                lang: &[],
                url: None,
                first: "A shared load balancer change caused the four-hour storage outage",
                last: "require manual approval for load balancer changes.",
                furniture: &["Harbor Tech Weekly", "Reports", "Menu", "Published", "About", "RSS"],
            },
        ),
    ];
    for (file, expected) in cases {
        let docs = read(file);
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].id, *file);
        check(&docs[0], expected);
    }
    // The bilingual dump keeps its Chinese paragraph.
    assert!(read("text/05-harbor-bilingual.txt")[0]
        .body
        .contains("\n\n供应商发布的事后分析报告称"));
}

/// The headline rule against "the first non-empty line", on every dump.
/// Dumps 13 to 16 were written after the rule was first set and held out:
/// it got 2 of them; the lines it tripped on (a "Listen to this article"
/// widget, a view counter, a standfirst under the headline) are now rules.
#[test]
fn headline_rule_accuracy() {
    let expected = [
        (
            "01-cloud-ledger.txt",
            "Northwind Cloud cuts storage prices in Europe",
        ),
        ("02-yunguancha.txt", "国内公有云市场第一季度增长百分之二十"),
        (
            "03-devops-daily.txt",
            "Kubernetes 1.40 drops support for legacy storage drivers",
        ),
        ("04-tw-news.txt", "台灣資料中心用電量五年增加一倍"),
        (
            "05-harbor-bilingual.txt",
            "Provider publishes postmortem for June storage outage",
        ),
        (
            "06-edgewire.txt",
            "Edge computing startup signs deal with European rail operator",
        ),
        ("07-suanli.txt", "液冷服务器渗透率今年有望突破三成"),
        ("08-hktech.txt", "政府推出數據中心用地計劃"),
        (
            "09-lakeside.txt",
            "Lakeside Cloud opens second region in Japan",
        ),
        (
            "10-infra-weekly.txt",
            "Why the cheapest region is rarely the cheapest choice",
        ),
        ("11-cn-portal.txt", "某云服务商发布新一代自研处理器"),
        (
            "12-ops-blog.txt",
            "Migrating a monolith to managed Kubernetes in six weeks",
        ),
        (
            "13-heldout-analyst.txt",
            "Chipmakers race to build memory for AI servers",
        ),
        ("14-heldout-cn-gov.txt", "某市算力调度平台正式上线运行"),
        (
            "15-heldout-blog.txt",
            "Our Postgres failover took 14 minutes. Here's why.",
        ),
        (
            "16-heldout-tw-portal.txt",
            "中華電信宣布擴建雲端資料中心 2027年完工",
        ),
    ];
    let (mut rule, mut first_line) = (0, 0);
    for (file, title) in expected {
        let text = std::fs::read_to_string(fixtures().join("text").join(file)).unwrap();
        let dump = read_dump(&text);
        assert!(dump.published.is_some(), "{file}: no date found");
        if dump.title == title {
            rule += 1;
        } else {
            eprintln!(
                "{file}: rule says {:?}, the headline is {title:?}",
                dump.title
            );
        }
        if text.lines().find(|l| !l.trim().is_empty()).map(str::trim) == Some(title) {
            first_line += 1;
        }
    }
    eprintln!(
        "headline rule: {rule}/{n}; first non-empty line: {first_line}/{n}",
        n = expected.len()
    );
    assert_eq!(first_line, 0);
    assert_eq!(rule, expected.len());
}

#[test]
fn indexing_the_folder_covers_every_format_and_reindexing_replaces() {
    let engine = Engine::in_memory(EngineConfig::default()).unwrap();
    let options = IngestOptions {
        strict: true,
        ..IngestOptions::default()
    };
    let summary = engine.ingest(&[fixtures()], &options, |_| {}).unwrap();
    assert!(summary.skipped.is_empty(), "{:?}", summary.skipped);
    assert_eq!(summary.per_kind[&FileKind::Html], 10);
    assert_eq!(summary.per_kind[&FileKind::Feed], 6);
    assert_eq!(summary.per_kind[&FileKind::Text], 16);
    let count = engine.stats().unwrap().documents;
    assert_eq!(count, summary.indexed as u64);
    let again = engine.ingest(&[fixtures()], &options, |_| {}).unwrap();
    assert_eq!(again.indexed, summary.indexed);
    assert_eq!(
        engine.stats().unwrap().documents,
        count,
        "re-indexing replaced, not duplicated"
    );
    // The other-language link survives the index.
    let stored = engine.get("html/pair-en.html").unwrap().unwrap();
    assert_eq!(
        stored.translations["zh"],
        "https://news.lakeside.example/zh/2026/07/singapore-region"
    );
    assert_eq!(stored, read("html/pair-en.html")[0]);
}

#[test]
fn broken_pages_and_items_are_reported_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("empty.html"),
        "<html><body><nav>Home</nav></body></html>",
    )
    .unwrap();
    std::fs::write(dir.path().join("good.html"), "<title>Cloud prices fall</title><p>Prices fell by a tenth in March, the third fall this year, the report said.</p>").unwrap();
    std::fs::write(
        dir.path().join("sitemap.xml"),
        "<urlset><url><loc>https://example.com/</loc></url></urlset>",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("news.rss"),
        r#"<rss version="2.0"><channel><title>N</title>
        <item><title>Good item</title><link>https://example.com/a</link></item>
        <item><description>neither link nor guid</description></item>
        </channel></rss>"#,
    )
    .unwrap();
    let engine = Engine::in_memory(EngineConfig::default()).unwrap();
    let summary = engine
        .ingest(
            &[dir.path().to_path_buf()],
            &IngestOptions::default(),
            |_| {},
        )
        .unwrap();
    assert_eq!(summary.indexed, 2);
    let reports: Vec<String> = summary.skipped.iter().map(|s| s.to_string()).collect();
    assert_eq!(reports.len(), 3, "{reports:?}");
    assert!(
        reports[0].ends_with("empty.html: no title or article text found in the page"),
        "{reports:?}"
    );
    assert!(
        reports[1].ends_with("news.rss:item 2: the item has no guid, id or link to use as its id"),
        "{reports:?}"
    );
    assert!(
        reports[2].contains("sitemap.xml: not a readable RSS, Atom or JSON feed"),
        "{reports:?}"
    );
    assert!(engine.get("good.html").unwrap().is_some());

    let strict = IngestOptions {
        strict: true,
        ..IngestOptions::default()
    };
    let err = engine
        .ingest(&[dir.path().to_path_buf()], &strict, |_| {})
        .unwrap_err();
    assert!(err.to_string().contains("empty.html"), "{err}");
}
