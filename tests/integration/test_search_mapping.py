"""The Elasticsearch/OpenSearch index mapping of stories, built without a cluster:
the headline boosted above the standfirst above the body, and the filters the
search page uses indexed as filter fields (docs/search.md)."""

from modelsearch.backends.elasticsearchbase import ElasticsearchBaseMapping

from herald.articles.models import ArticlePage


def test_story_mapping_weights_headline_then_standfirst_then_body():
    properties = ElasticsearchBaseMapping(ArticlePage).get_mapping()["properties"]
    assert properties["title"]["copy_to"] == ["_all_text", "_all_text_boost_2_0"]
    assert properties["articles_articlepage__standfirst"]["copy_to"] == [
        "_all_text", "_all_text_boost_1_5"]
    assert properties["articles_articlepage__body"]["copy_to"] == "_all_text"
    for name, kind in (("articles_articlepage__kind_filter", "keyword"),
                       ("articles_articlepage__desk_id_filter", "integer"),
                       ("first_published_at_filter", "date"), ("live_filter", "boolean")):
        assert properties[name]["type"] == kind
