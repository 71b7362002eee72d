from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "herald.letters"
    label = "letters"
    verbose_name = "Letters to the editor"
