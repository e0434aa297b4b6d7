//! JSON Feed 1.1.

use serde::Serialize;

use super::Feed;
use crate::urls::JSON_FEED;

impl Feed<'_> {
    /// The JSON Feed 1.1 document.
    pub(super) fn json(&self) -> Vec<u8> {
        let items = self
            .items
            .iter()
            .map(|item| JsonItem {
                content_html: &item.content_html,
                date_modified: self.rfc3339(item.updated),
                date_published: self.rfc3339(item.published),
                id: &item.url,
                language: item.title_lang.as_deref(),
                tags: &item.tags,
                title: &item.title,
                url: &item.url,
            })
            .collect();
        crate::json::json_bytes(&JsonFeed {
            authors: [JsonAuthor {
                name: &self.author(),
            }],
            description: &self.description(),
            feed_url: self.url(JSON_FEED),
            home_page_url: self.home(),
            hubs: self.config.websub_hub.as_deref().map(|url| {
                [JsonHub {
                    kind: "WebSub",
                    url,
                }]
            }),
            items,
            language: &self.config.language,
            title: &self.scope.title,
            version: "https://jsonfeed.org/version/1.1",
        })
    }
}

// JSON Feed 1.1 objects, borrowing from the items (their content is most of the file). Fields
// in alphabetical order, like every other JSON file of the site.

#[derive(Serialize)]
struct JsonFeed<'a> {
    authors: [JsonAuthor<'a>; 1],
    description: &'a str,
    feed_url: String,
    home_page_url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    hubs: Option<[JsonHub<'a>; 1]>,
    items: Vec<JsonItem<'a>>,
    language: &'a str,
    title: &'a str,
    version: &'static str,
}

#[derive(Serialize)]
struct JsonAuthor<'a> {
    name: &'a str,
}

#[derive(Serialize)]
struct JsonItem<'a> {
    content_html: &'a str,
    date_modified: String,
    date_published: String,
    id: &'a str,
    /// Only for an item whose title is not yet translated into the feed's language.
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'a str>,
    tags: &'a [String],
    title: &'a str,
    url: &'a str,
}

/// JSON Feed's `hubs` entry: the WebSub hub readers may subscribe through.
#[derive(Serialize)]
struct JsonHub<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    url: &'a str,
}
