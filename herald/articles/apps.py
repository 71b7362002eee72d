from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "herald.articles"
    label = "articles"
    verbose_name = "Articles"
