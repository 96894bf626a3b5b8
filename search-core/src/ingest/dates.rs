//! Dates as pages and feeds write them, made into the RFC 3339 form
//! documents hold.

use time::format_description::well_known::Rfc3339;
use time::{Date, Month, OffsetDateTime};

use crate::document::parse_date;

/// A machine-readable date from page metadata (`article:published_time`,
/// `<time datetime>`, JSON-LD `datePublished`) in the form documents hold:
/// RFC 3339 kept as given, a datetime without an offset cut to its date,
/// anything else refused.
///
/// ```
/// use search_core::ingest::dates::metadata_date;
/// assert_eq!(metadata_date("2026-03-14T08:30:00Z").as_deref(), Some("2026-03-14T08:30:00Z"));
/// assert_eq!(metadata_date("2026-03-14 08:30:00").as_deref(), Some("2026-03-14"));
/// assert_eq!(metadata_date("2026-03-14T08:30:00.000+0800").as_deref(), Some("2026-03-14T08:30:00+08:00"));
/// assert_eq!(metadata_date("yesterday"), None);
/// ```
pub fn metadata_date(text: &str) -> Option<String> {
    let text = text.trim();
    if parse_date(text).is_ok() {
        return Some(text.to_string());
    }
    // `+0800` offsets and fractions, as some sites write them.
    if let Some(at) = loose_datetime(text) {
        return at.format(&Rfc3339).ok();
    }
    let head: String = text.chars().take(10).collect();
    let date = Date::parse(
        &head,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .ok()?;
    in_range(date)
}

fn loose_datetime(text: &str) -> Option<OffsetDateTime> {
    let formats = [
        time::macros::format_description!(
            "[year]-[month]-[day]T[hour]:[minute]:[second][optional [.[subsecond]]][offset_hour sign:mandatory][offset_minute]"
        ),
        time::macros::format_description!(
            "[year]-[month]-[day]T[hour]:[minute][offset_hour sign:mandatory]:[offset_minute]"
        ),
    ];
    let at = formats
        .iter()
        .find_map(|f| OffsetDateTime::parse(text, f).ok())?;
    let at = at.replace_nanosecond(0).ok()?;
    parse_date(&at.format(&Rfc3339).ok()?).ok()?;
    Some(at)
}

/// A date written for people, as the date line of a scraped page has it:
/// `2026-03-14`, `2026/3/14`, `2026年3月14日`, `March 14, 2026`, `14 Mar
/// 2026`, with whatever words or times stand around it. The result is a
/// plain date (a time without a zone says nothing certain).
///
/// ```
/// use search_core::ingest::dates::find_date;
/// assert_eq!(find_date("发布时间：2026-08-25 14:20").as_deref(), Some("2026-08-25"));
/// assert_eq!(find_date("记者 陈怡君 ／ 2026年5月12日").as_deref(), Some("2026-05-12"));
/// assert_eq!(find_date("Posted on February 3, 2026 by Morgan Lee").as_deref(), Some("2026-02-03"));
/// assert_eq!(find_date("Published 17 June 2026").as_deref(), Some("2026-06-17"));
/// assert_eq!(find_date("Apr 18, 2026 · 6 min read").as_deref(), Some("2026-04-18"));
/// assert_eq!(find_date("Kubernetes 1.40 is out"), None);
/// ```
pub fn find_date(line: &str) -> Option<String> {
    let words = date_words(line);
    for i in 0..words.len() {
        let found = match words[i] {
            Word::Number(y) if (1000..=9999).contains(&y) => {
                match (words.get(i + 1), words.get(i + 2)) {
                    (Some(Word::Number(m)), Some(Word::Number(d))) => {
                        u8::try_from(*m).ok().and_then(|m| ymd(y, m, *d))
                    }
                    _ => None,
                }
            }
            Word::Month(m) => match (words.get(i + 1), words.get(i + 2)) {
                (Some(Word::Number(d)), Some(Word::Number(y))) => ymd(*y, m, *d),
                _ => None,
            },
            Word::Number(d) if d <= 31 => match (words.get(i + 1), words.get(i + 2)) {
                (Some(Word::Month(m)), Some(Word::Number(y))) => ymd(*y, *m, d),
                _ => None,
            },
            _ => None,
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

/// Whether the line is nothing but a date, perhaps with a time, a weekday
/// or a label such as `Published` or `发布时间：` (the kind of line that
/// sits between a headline and its article).
///
/// ```
/// use search_core::ingest::dates::is_date_line;
/// assert!(is_date_line("2026年9月20日 星期日"));
/// assert!(is_date_line("March 28, 2026"));
/// assert!(is_date_line("2026-04-02 08:30"));
/// assert!(!is_date_line("On March 28, 2026 the company cut its prices by a third."));
/// ```
pub fn is_date_line(line: &str) -> bool {
    if find_date(line).is_none() {
        return false;
    }
    let leftover = date_words(line)
        .iter()
        .filter(|w| matches!(w, Word::Other))
        .count();
    leftover <= 3 && line.chars().count() <= 48
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Word {
    Number(u32),
    Month(u8),
    Other,
}

/// Splits a line into numbers, month names and other words; `年月日/-.`
/// and the like only separate.
fn date_words(line: &str) -> Vec<Word> {
    let mut words = Vec::new();
    let mut current = String::new();
    let flush = |current: &mut String, words: &mut Vec<Word>| {
        if current.is_empty() {
            return;
        }
        let word = if let Ok(n) = current.parse::<u32>() {
            Word::Number(n)
        } else if let Some(m) = month(current) {
            Word::Month(m)
        } else {
            Word::Other
        };
        words.push(word);
        current.clear();
    };
    let mut last_digit = None;
    for c in line.chars() {
        let digit = c.is_ascii_digit();
        if c.is_alphanumeric() && !is_date_mark(c) {
            if last_digit.is_some_and(|d| d != digit) {
                flush(&mut current, &mut words);
            }
            current.push(c);
            last_digit = Some(digit);
        } else {
            flush(&mut current, &mut words);
            last_digit = None;
        }
    }
    flush(&mut current, &mut words);
    words
}

fn is_date_mark(c: char) -> bool {
    matches!(c, '年' | '月' | '日' | '号' | '號')
}

fn month(word: &str) -> Option<u8> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let word = word.to_ascii_lowercase();
    let index = MONTHS
        .iter()
        .position(|m| *m == word || (word.len() == 3 && m.starts_with(&word)))
        .or((word == "sept").then_some(8))?;
    u8::try_from(index + 1).ok()
}

fn ymd(year: u32, month: u8, day: u32) -> Option<String> {
    let month = Month::try_from(month).ok()?;
    let date =
        Date::from_calendar_date(i32::try_from(year).ok()?, month, u8::try_from(day).ok()?).ok()?;
    in_range(date)
}

fn in_range(date: Date) -> Option<String> {
    let text = format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    );
    parse_date(&text).ok()?;
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_dates_in_many_forms() {
        for (line, expected) in [
            ("2026-03-14", Some("2026-03-14")),
            ("2026/3/4 08:00", Some("2026-03-04")),
            ("2026年10月9日 16:05", Some("2026-10-09")),
            ("9 Feb 2026", Some("2026-02-09")),
            ("Sept. 3, 2026", Some("2026-09-03")),
            ("Updated: Dec 1 2026, 10:00 UTC", Some("2026-12-01")),
            ("2026-02-30", None),
            ("Maybe 12 apples", None),
            ("Top 10 clouds of 2026", None),
        ] {
            assert_eq!(find_date(line).as_deref(), expected, "{line}");
        }
    }

    #[test]
    fn date_lines_are_short() {
        assert!(is_date_line("Published 17 June 2026"));
        assert!(is_date_line("发布时间：2026-08-25 14:20"));
        assert!(!is_date_line(
            "国内公有云市场 2026年4月2日 增长百分之二十，增速较去年同期有所回升"
        ));
    }
}
