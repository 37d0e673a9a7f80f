//! The page's prerendered shell (issue #14): the markup `cargo xtask dist`
//! writes into `index.html`'s `#app` so that a visitor sees the brand, a
//! heading, the tagline and a working search form before the wasm has
//! arrived. The form is a plain GET to `?view=search&q=…`: submitted before
//! the app starts, it loads the search view with the query filled in.
//!
//! It is one block, replaced whole when the app mounts (`app::start`
//! clears `#app` once the browser has painted it: replaced sooner, its
//! paint was sometimes not recorded as the page's largest). Its texts are
//! the app's own ([`Msg`]), in both languages, since the address's `lang`
//! is only read by the app.
//! When the app's header or home change, align [`prerendered_shell`] with
//! them (same classes, same heights) so nothing shifts when it mounts.

use cartelera_core::Lang;

use crate::cover::escape;
use crate::i18n::Msg;

/// `es / en` of one message, escaped.
fn both(msg: Msg) -> String {
    let [es, en] = Lang::ALL.map(|lang| escape(msg.text(lang)));
    if es == en {
        es
    } else {
        format!("{es} / {en}")
    }
}

/// The shell's markup (no scripts, no inline style: the page's
/// Content-Security-Policy forbids both).
pub fn prerendered_shell() -> String {
    let taglines: String = Lang::ALL
        .iter()
        .map(|lang| {
            format!(
                "<p class=\"lead shell-lead\" lang=\"{}\">{}</p>\n",
                lang.code(),
                escape(Msg::Tagline.text(*lang))
            )
        })
        .collect();
    format!(
        "<div class=\"shell\" data-shell>\n\
         <header class=\"site-header\"><a class=\"brand\" href=\"./\">Cartelera</a></header>\n\
         <main class=\"shell-main\">\n\
         <h1>Cartelera</h1>\n\
         {taglines}\
         <form class=\"search-form shell-search\" role=\"search\" method=\"get\" action=\"\">\n\
         <input type=\"hidden\" name=\"view\" value=\"search\">\n\
         <label for=\"shell-q\">{label}</label>\n\
         <input id=\"shell-q\" name=\"q\" type=\"search\" autocomplete=\"off\" placeholder=\"{placeholder}\">\n\
         <button type=\"submit\">{search}</button>\n\
         </form>\n\
         <p class=\"boot\" role=\"status\">{loading}</p>\n\
         </main>\n\
         </div>",
        label = both(Msg::SearchLabel),
        placeholder = both(Msg::SearchPlaceholder),
        search = both(Msg::NavSearch),
        loading = both(Msg::Loading),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shell_searches_with_a_plain_get_and_speaks_both_languages() {
        let shell = prerendered_shell();
        assert!(shell.contains("method=\"get\""), "{shell}");
        assert!(shell.contains("name=\"view\" value=\"search\""), "{shell}");
        assert!(shell.contains("name=\"q\""), "{shell}");
        assert!(shell.contains(Msg::Tagline.text(Lang::Es)), "{shell}");
        assert!(shell.contains(Msg::Tagline.text(Lang::En)), "{shell}");
        assert!(
            !shell.contains("<script") && !shell.contains("style="),
            "{shell}"
        );
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
    }
}
