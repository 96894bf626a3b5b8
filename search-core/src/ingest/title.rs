//! Site names cut from titles ("Headline | Site", "标题_频道_网站").

const SEPARATORS: &[&str] = &[
    " | ", " ｜ ", "｜", " - ", " – ", " — ", " :: ", " » ", "_", " · ",
];

/// The headline part of a page title. With `site` (the page's
/// `og:site_name`), a part naming it is cut; without, trailing short parts
/// are taken for site and section names when what stays is longer.
///
/// ```
/// use search_core::ingest::title::trim_site_name;
/// assert_eq!(trim_site_name("Cloud prices fall again | Cloud Ledger", Some("Cloud Ledger")), "Cloud prices fall again");
/// assert_eq!(trim_site_name("雲端新聞網 - 台灣企業上雲比例創新高", Some("雲端新聞網")), "台灣企業上雲比例創新高");
/// assert_eq!(trim_site_name("华东云宣布在西部新建两个数据中心_云观察_科技频道", None), "华东云宣布在西部新建两个数据中心");
/// assert_eq!(trim_site_name("Spot prices - what changed", None), "Spot prices - what changed");
/// ```
pub fn trim_site_name(title: &str, site: Option<&str>) -> String {
    let title = title.trim();
    let Some(sep) = SEPARATORS.iter().find(|s| title.contains(*s)) else {
        return title.to_string();
    };
    let parts: Vec<&str> = title.split(sep).map(str::trim).collect();
    if let Some(site) = site.map(str::trim).filter(|s| !s.is_empty()) {
        let kept: Vec<&str> = parts
            .iter()
            .copied()
            .filter(|p| !p.eq_ignore_ascii_case(site))
            .collect();
        if kept.len() < parts.len() && !kept.is_empty() {
            // What stays of "Headline | Section | Site" is the headline and
            // its section; the longest part is the headline.
            return longest(&kept).to_string();
        }
    }
    // Without a site name: "Headline | A | B" where the parts after the
    // first are short and the first is clearly longer.
    let (first, rest) = (parts[0], &parts[1..]);
    let first_size = super::furniture::size(first);
    if rest.iter().all(|p| {
        let size = super::furniture::size(p);
        size <= 4.0 && size * 2.0 <= first_size
    }) {
        return first.to_string();
    }
    title.to_string()
}

fn longest<'a>(parts: &[&'a str]) -> &'a str {
    parts
        .iter()
        .copied()
        .max_by(|a, b| {
            super::furniture::size(a)
                .partial_cmp(&super::furniture::size(b))
                .unwrap_or(std::cmp::Ordering::Equal)
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles() {
        for (title, site, expected) in [
            ("A | B", None, "A | B"),
            (
                "Serverless databases come of age — DevOps Daily",
                None,
                "Serverless databases come of age",
            ),
            (
                "港島數據中心完成擴建 | 香港科技報",
                Some("香港科技報"),
                "港島數據中心完成擴建",
            ),
            ("Plain title", Some("Site"), "Plain title"),
            ("Site", Some("Site"), "Site"),
        ] {
            assert_eq!(trim_site_name(title, site), expected, "{title}");
        }
    }
}
