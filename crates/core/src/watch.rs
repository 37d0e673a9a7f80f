//! Where to watch a work: a link to each platform's own search for its
//! title (the catalogs carry no deep links, and a platform's search is the
//! one address that finds the title in every region).

use crate::model::Platform;

/// The address of `platform`'s search for `title`, the title
/// percent-encoded (UTF-8, every byte outside the unreserved set).
///
/// ```
/// use cartelera_core::watch::search_url;
/// use cartelera_core::Platform;
/// assert_eq!(
///     search_url(Platform::Netflix, "Amélie & Co"),
///     "https://www.netflix.com/search?q=Am%C3%A9lie%20%26%20Co"
/// );
/// ```
pub fn search_url(platform: Platform, title: &str) -> String {
    let base = match platform {
        Platform::Amazon => "https://www.primevideo.com/search/ref=atv_nb_sr?phrase=",
        Platform::Disney => "https://www.disneyplus.com/search?q=",
        Platform::Hulu => "https://www.hulu.com/search?q=",
        Platform::Netflix => "https://www.netflix.com/search?q=",
    };
    let mut url = String::from(base);
    for byte in title.trim().bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            url.push(byte as char);
        } else {
            url.push_str(&format!("%{byte:02X}"));
        }
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_platform_searches_its_own_site_with_the_title_encoded() {
        assert_eq!(
            search_url(Platform::Amazon, "Catch Me If You Can"),
            "https://www.primevideo.com/search/ref=atv_nb_sr?phrase=Catch%20Me%20If%20You%20Can"
        );
        assert_eq!(
            search_url(Platform::Disney, " Frozen "),
            "https://www.disneyplus.com/search?q=Frozen"
        );
        assert_eq!(
            search_url(Platform::Hulu, "a/b?c=d#e"),
            "https://www.hulu.com/search?q=a%2Fb%3Fc%3Dd%23e"
        );
        assert_eq!(
            search_url(Platform::Netflix, "\"<script>\""),
            "https://www.netflix.com/search?q=%22%3Cscript%3E%22"
        );
    }
}
