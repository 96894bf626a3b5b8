//! Page furniture: the lines around an article that are not the article
//! (skip links, menus, breadcrumbs, bylines, dates, share labels, footers,
//! "related articles" headings). Text dumps of pages are full of them, and
//! a few slip through HTML extraction at the edges of the body.
//!
//! Each rule looks at one line alone; [`crate::ingest::text`] decides from
//! where lines stand which of the rest is the headline.

use super::dates::is_date_line;

/// Why a line is furniture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Furniture {
    /// Skip links, accessibility and browser notices.
    Accessibility,
    /// A menu or breadcrumb: short items between separators.
    Menu,
    /// An author, reporter, editor or source line.
    Byline,
    /// A bare date, perhaps with a label or time.
    Date,
    /// Share, print or comment buttons.
    Share,
    /// Copyright, licence or registration notices.
    Legal,
    /// Where the article ends and the page goes on: related articles,
    /// comments, previous/next links.
    EndMarker,
    /// Banners, adverts, newsletter and cookie prompts, site tools.
    Banner,
}

/// What a line is, if it is furniture.
///
/// ```
/// use search_core::ingest::furniture::{classify, Furniture};
/// assert_eq!(classify("Skip to main content"), Some(Furniture::Accessibility));
/// assert_eq!(classify("首页 > 新闻 > 正文"), Some(Furniture::Menu));
/// assert_eq!(classify("By Dana Whitfield"), Some(Furniture::Byline));
/// assert_eq!(classify("2026年9月20日 星期日"), Some(Furniture::Date));
/// assert_eq!(classify("分享到：微信 微博"), Some(Furniture::Share));
/// assert_eq!(classify("Related articles"), Some(Furniture::EndMarker));
/// assert_eq!(classify("Northwind Cloud cuts storage prices in Europe"), None);
/// ```
pub fn classify(line: &str) -> Option<Furniture> {
    let line = line.trim();
    // "（编辑：王华）" and "[Share]" are what they hold.
    let lower = line
        .trim_start_matches(['(', '（', '[', '【', '〔'])
        .to_lowercase();
    let short = size(line) <= 12.0;
    if starts_with_any(&lower, ACCESSIBILITY_PREFIXES)
        || (short && contains_any(&lower, ACCESSIBILITY_WORDS))
    {
        return Some(Furniture::Accessibility);
    }
    // WordPress feeds end every item with "The post X appeared first on Y."
    if lower.contains("appeared first on") && size(line) <= 40.0 {
        return Some(Furniture::EndMarker);
    }
    if short && (starts_with_any(&lower, END_MARKERS) || is_count_of(&lower, COUNTED)) {
        return Some(Furniture::EndMarker);
    }
    if short && (starts_with_any(&lower, SHARE_PREFIXES) || only_words(&lower, SHARE_WORDS)) {
        return Some(Furniture::Share);
    }
    if contains_any(&lower, LEGAL_WORDS) && size(line) <= 30.0 {
        return Some(Furniture::Legal);
    }
    let by_name = lower.starts_with("by ") && size(line) <= 6.0;
    if short
        && (by_name
            || starts_with_any(&lower, BYLINE_PREFIXES)
            || contains_any(&lower, BYLINE_WORDS))
    {
        return Some(Furniture::Byline);
    }
    if is_date_line(line) {
        return Some(Furniture::Date);
    }
    if short && (contains_any(&lower, BANNER_WORDS) || only_words(&lower, MENU_WORDS)) {
        return Some(Furniture::Banner);
    }
    if is_counter(line) {
        return Some(Furniture::Banner);
    }
    if is_menu(line) {
        return Some(Furniture::Menu);
    }
    None
}

/// Whether the line is furniture.
pub fn is_furniture(line: &str) -> bool {
    classify(line).is_some()
}

/// A rough length in words: Latin words count one each, Chinese
/// characters half (a Chinese word is mostly two characters).
///
/// ```
/// use search_core::ingest::furniture::size;
/// assert_eq!(size("Cloud prices fell"), 3.0);
/// assert_eq!(size("云计算价格"), 2.5);
/// ```
pub fn size(line: &str) -> f64 {
    let mut words = 0.0;
    let mut in_word = false;
    for c in line.chars() {
        if crate::analysis::is_han(c) {
            words += 0.5;
            in_word = false;
        } else if c.is_alphanumeric() {
            if !in_word {
                words += 1.0;
            }
            in_word = true;
        } else {
            in_word = c == '\'' || c == '’' || (in_word && (c == '-' || c == '.'));
        }
    }
    words
}

/// Whether the line reads as a sentence of running text: long enough and
/// ending as sentences end.
///
/// ```
/// use search_core::ingest::furniture::is_paragraph;
/// assert!(is_paragraph("Northwind Cloud will lower the price of its standard object storage tier in its three European regions from April."));
/// assert!(is_paragraph("第一季度国内公有云市场规模同比增长百分之二十，增速较去年同期有所回升。"));
/// assert!(!is_paragraph("Northwind Cloud cuts storage prices in Europe"));
/// ```
pub fn is_paragraph(line: &str) -> bool {
    let line = line.trim();
    let ends = line.chars().last().is_some_and(|c| {
        matches!(
            c,
            '.' | '!' | '?' | '。' | '！' | '？' | '”' | '"' | '’' | '」' | ')' | '）' | '…'
        )
    });
    ends && size(line) >= 12.0
}

/// Shortest standfirst kept above an article's first paragraph, in words.
const STANDFIRST_WORDS: f64 = 6.0;

/// The lines of an article without the furniture at its edges: before its
/// first paragraph only a standfirst (six words or more, not furniture), then everything but
/// furniture that is not running text (an "Advertisement" between
/// paragraphs), and after its last paragraph the short lines up to the
/// first furniture ("Related articles", "Share", "© 2026").
///
/// ```
/// use search_core::ingest::furniture::article_lines;
/// let lines = ["By Sam Ortiz", "A startup that runs small data centers inside cell towers has raised $40 million.",
///     "Advertisement", "The new money will pay for three hundred additional sites, the founders said in an interview.",
///     "Terms were not disclosed.", "Related articles", "Five regions open"];
/// assert_eq!(article_lines(&lines), [lines[1], lines[3], lines[4]]);
/// ```
pub fn article_lines<'a>(lines: &[&'a str]) -> Vec<&'a str> {
    let kinds: Vec<Option<Furniture>> = lines.iter().map(|l| classify(l)).collect();
    let running = |i: &usize| kinds[*i].is_none() && is_paragraph(lines[*i]);
    let (Some(first), Some(last)) = (
        (0..lines.len()).find(running),
        (0..lines.len()).rev().find(running),
    ) else {
        return (0..lines.len())
            .filter(|&i| kinds[i].is_none())
            .map(|i| lines[i])
            .collect();
    };
    // Above the first paragraph only a standfirst is article; shorter
    // lines there are names, sections and kickers.
    let mut kept: Vec<&str> = (0..first)
        .filter(|&i| kinds[i].is_none() && size(lines[i]) >= STANDFIRST_WORDS)
        .map(|i| lines[i])
        .collect();
    kept.extend(
        (first..=last)
            .filter(|&i| kinds[i].is_none() || is_paragraph(lines[i]))
            .map(|i| lines[i]),
    );
    kept.extend(
        (last + 1..lines.len())
            .take_while(|&i| kinds[i].is_none())
            .map(|i| lines[i]),
    );
    kept
}

/// A label and a number: `浏览次数：1024`, `Views: 1,024`, `阅读 3.2万`.
fn is_counter(line: &str) -> bool {
    let (label, count) = match line.rsplit_once([':', '：']) {
        Some(split) => split,
        None => match line.rsplit_once(' ') {
            Some((label, count))
                if COUNTER_WORDS.contains(&label.trim().to_lowercase().as_str()) =>
            {
                (label, count)
            }
            _ => return false,
        },
    };
    let count = count.trim();
    let numeric = !count.is_empty()
        && count.chars().next().is_some_and(|c| c.is_ascii_digit())
        && count
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | '万' | '萬' | 'k' | 'K' | '+'));
    numeric && size(label) <= 3.0 && !label.trim().is_empty()
}

/// Short items between separators (`Home | About`, `首页 > 新闻`, `Home ›
/// Databases › ...`).
fn is_menu(line: &str) -> bool {
    let breadcrumb = ['>', '›', '»', '＞', '→'];
    let bars = ['|', '｜', '•', '·'];
    if line.chars().any(|c| breadcrumb.contains(&c)) {
        let parts: Vec<&str> = line.split(&breadcrumb[..]).collect();
        if parts.len() >= 2 && parts.iter().take(parts.len() - 1).all(|p| size(p) <= 4.0) {
            return true;
        }
    }
    if line.chars().any(|c| bars.contains(&c)) {
        let parts: Vec<&str> = line.split(&bars[..]).collect();
        return parts.len() >= 2 && parts.iter().all(|p| size(p) <= 4.0);
    }
    false
}

fn starts_with_any(lower: &str, prefixes: &[&str]) -> bool {
    prefixes.iter().any(|p| lower.starts_with(p))
}

fn contains_any(lower: &str, words: &[&str]) -> bool {
    words.iter().any(|w| {
        // Latin words must stand alone ("share" is not in "shared").
        if w.is_ascii() {
            lower.match_indices(w).any(|(i, _)| {
                let before = lower[..i].chars().next_back();
                let after = lower[i + w.len()..].chars().next();
                !before.is_some_and(char::is_alphanumeric)
                    && !after.is_some_and(char::is_alphanumeric)
            })
        } else {
            lower.contains(w)
        }
    })
}

/// Every word of the line is one of `words` (`Facebook Reddit`, `微信 微博`).
fn only_words(lower: &str, words: &[&str]) -> bool {
    let trimmed = lower.trim_matches(|c: char| !c.is_alphanumeric());
    if trimmed.is_empty() {
        return false;
    }
    if words.contains(&trimmed) {
        return true;
    }
    let parts: Vec<&str> = lower
        .split(|c: char| {
            c.is_whitespace()
                || matches!(
                    c,
                    '|' | '｜' | '/' | '·' | '，' | ',' | '【' | '】' | '：' | ':'
                )
        })
        .map(|p| p.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|p| !p.is_empty())
        .collect();
    !parts.is_empty() && parts.iter().all(|p| words.contains(p))
}

/// `4 comments`, `12 条评论`, `3 replies`.
fn is_count_of(lower: &str, things: &[&str]) -> bool {
    let rest = lower.trim_start_matches(|c: char| c.is_ascii_digit());
    rest.len() < lower.len() && things.iter().any(|t| rest.trim_start().starts_with(t))
}

const ACCESSIBILITY_PREFIXES: &[&str] = &[
    "skip to",
    "skip navigation",
    "jump to",
    "跳到",
    "跳至",
    "跳转到",
    "跳過",
    "you are using an outdated browser",
    "please enable javascript",
    "this site requires javascript",
];

const ACCESSIBILITY_WORDS: &[&str] = &[
    "无障碍",
    "無障礙",
    "accessibility",
    "screen reader",
    "长者模式",
    "關懷版",
    "关怀版",
];

const END_MARKERS: &[&str] = &[
    "related articles",
    "related stories",
    "related posts",
    "related:",
    "more from",
    "more on ",
    "more stories",
    "read more",
    "recommended",
    "you may also like",
    "you might also like",
    "popular this week",
    "most read",
    "trending",
    "leave a reply",
    "leave a comment",
    "comments",
    "previous post",
    "next post",
    "previous article",
    "next article",
    "back to top",
    "相关阅读",
    "相关文章",
    "相关新闻",
    "相關閱讀",
    "相關新聞",
    "延伸阅读",
    "延伸閱讀",
    "推荐阅读",
    "推薦閱讀",
    "热门文章",
    "熱門文章",
    "猜你喜欢",
    "上一篇",
    "下一篇",
    "发表评论",
    "發表評論",
    "网友评论",
    "返回顶部",
    "返回頂部",
];

const COUNTED: &[&str] = &[
    "comment",
    "repl",
    "条评论",
    "則留言",
    "条留言",
    "評論",
    "评论",
];

const SHARE_PREFIXES: &[&str] = &[
    "share this",
    "share on",
    "share:",
    "分享到",
    "分享至",
    "分享：",
    "纠错】",
    "打印】",
    "打印本页",
    "打印本頁",
    "关闭窗口",
    "關閉窗口",
    "字号",
    "字號",
    "print this",
    "email this",
];

const SHARE_WORDS: &[&str] = &[
    "share",
    "tweet",
    "facebook",
    "twitter",
    "x",
    "linkedin",
    "reddit",
    "whatsapp",
    "telegram",
    "email",
    "print",
    "copy link",
    "hacker news",
    "hacker",
    "news",
    "mastodon",
    "youtube",
    "line",
    "分享",
    "微信",
    "微博",
    "qq",
    "qq空间",
    "朋友圈",
    "复制链接",
    "複製連結",
    "打印",
    "纠错",
    "关闭",
    "收藏",
    "评论",
];

const LEGAL_WORDS: &[&str] = &[
    "©",
    "copyright",
    "all rights reserved",
    "版权所有",
    "版權所有",
    "icp备",
    "icp證",
    "icp证",
    "公网安备",
    "privacy policy",
    "terms of use",
    "terms of service",
    "cookie settings",
    "不得转载",
    "不得轉載",
    "未经授权",
    "非經授權",
    "隐私政策",
    "隱私權政策",
    "私隱政策",
];

const BYLINE_PREFIXES: &[&str] = &[
    "posted by",
    "posted on",
    "written by",
    "words by",
    "published:",
    "published on",
    "updated:",
    "last updated",
    "source:",
    "作者",
    "记者",
    "記者",
    "本报记者",
    "本報記者",
    "本报讯",
    "本報訊",
    "来源",
    "來源",
    "责任编辑",
    "責任編輯",
    "编辑：",
    "編輯：",
    "发布时间",
    "發布時間",
    "發佈時間",
    "时间：",
    "時間：",
    "文／",
    "文/",
];

const BYLINE_WORDS: &[&str] = &[
    "staff writer",
    "contributing writer",
    "senior writer",
    "correspondent",
    "reporter",
    "min read",
    "minute read",
    "阅读时间",
];

const BANNER_WORDS: &[&str] = &[
    "advertisement",
    "sponsored",
    "newsletter",
    "subscribe",
    "sign up",
    "register now",
    "we use cookies",
    "accept cookies",
    "accept all cookies",
    "cookie policy",
    "使用 cookie",
    "使用cookie",
    "广告",
    "廣告",
    "设为首页",
    "設為首頁",
    "加入收藏",
    "网站导航",
    "網站導航",
    "当前位置",
    "當前位置",
    "您的位置",
    "you are here",
    "archive:",
    "tags:",
    "tagged",
    "标签：",
    "標籤：",
    "toggle navigation",
    "listen to this",
    "listen to article",
    "听新闻",
    "聽新聞",
    "扫一扫",
    "掃一掃",
    "在手机打开",
    "在手機打開",
    "字体：",
    "字體：",
];

/// Labels of counters written without a colon (`阅读 3.2万`).
const COUNTER_WORDS: &[&str] = &[
    "views", "reads", "阅读", "閱讀", "浏览", "瀏覽", "点击", "點擊", "點閱",
];

const MENU_WORDS: &[&str] = &[
    "menu",
    "search",
    "home",
    "log in",
    "login",
    "sign in",
    "register",
    "about",
    "contact",
    "archives",
    "tags",
    "首页",
    "首頁",
    "主頁",
    "登录",
    "登入",
    "注册",
    "註冊",
    "手机版",
    "手機版",
    "english",
    "中文",
    "简体",
    "繁體",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn furniture_lines() {
        for (line, expected) in [
            ("跳到主要內容", Furniture::Accessibility),
            ("You are using an outdated browser. Please upgrade your browser to improve your experience.", Furniture::Accessibility),
            ("Home › Kubernetes › Operators", Furniture::Menu),
            ("About | RSS | Privacy", Furniture::Menu),
            ("科技 | 雲端", Furniture::Menu),
            ("Posted on February 3, 2026 by Morgan Lee", Furniture::Byline),
            ("Jordan Blake, Contributing writer", Furniture::Byline),
            ("记者 陈怡君 ／ 2026年5月12日", Furniture::Byline),
            ("March 28, 2026", Furniture::Date),
            ("Share this:", Furniture::Share),
            ("Facebook", Furniture::Share),
            ("分享至：Facebook WhatsApp", Furniture::Share),
            ("【纠错】【打印】【关闭】", Furniture::Share),
            ("© 2026 Cloud Ledger. All rights reserved.", Furniture::Legal),
            ("4 comments", Furniture::EndMarker),
            ("上一篇：国产芯片服务器出货量同比翻番", Furniture::EndMarker),
            ("Get the EdgeWire newsletter every Tuesday.", Furniture::Banner),
            ("ADVERTISEMENT", Furniture::Banner),
            ("设为首页 | 加入收藏 | 网站导航", Furniture::Banner),
            ("Menu", Furniture::Banner),
            ("浏览次数：1024", Furniture::Banner),
            ("Views: 1,024", Furniture::Banner),
            ("（編輯：王小華）1150721", Furniture::Byline),
        ] {
            assert_eq!(classify(line), Some(expected), "{line}");
        }
    }

    #[test]
    fn article_lines_are_not_furniture() {
        for line in [
            "Northwind Cloud cuts storage prices in Europe",
            "Lakeside Cloud opens second region in Japan | Lakeside Newsroom",
            "国内公有云市场第一季度增长百分之二十",
            "Financial terms were not disclosed.",
            "The company shared its results with investors on Tuesday, a week earlier than planned.",
            "Kubernetes 1.40 drops support for legacy storage drivers",
            "Kubernetes 1.40",
            "Top 10",
        ] {
            assert_eq!(classify(line), None, "{line}");
        }
    }
}
