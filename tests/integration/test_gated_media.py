"""The pictures and files of gated stories go out only at signed, expiring addresses.

A members-only story carries a figure behind the cut; a member's page gives
its renditions at /media-signed/ addresses that serve the picture until they
expire, while the plain /media/ addresses of the picture refuse it to
everyone but editors. A free story's figure keeps its plain, public address.
"""

from __future__ import annotations

import re
import types
from urllib.parse import unquote

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from herald.access import media
from tests.pictures import saved_image

OPENING = ["The opening paragraph says what happened.", "The second gives the context."]
CLOSING = ["Behind the cut, the harbour figures.", "The last paragraph."]
IMG = re.compile(r'<img src="([^"]+)" srcset="([^"]+)"')


@pytest.fixture
def newsroom(newsroom_from_module):
    """Desks and people built once for this module; each test rolls back its own writes."""
    return newsroom_from_module


@pytest.fixture(scope="module")
def module_media_root(tmp_path_factory):
    """Saved images and documents go to a folder of this module's own: the module's
    members story's picture is there for every test (``media_root``, for a module)."""
    from django.test import override_settings

    with override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media"))):
        yield


@pytest.fixture(autouse=True)
def _media_root(module_media_root):
    """Every test here saves pictures."""


def figure(image) -> dict:
    return {"type": "figure", "value": {"image": image.pk, "alt_text": "The quay at dawn",
                                        "caption": "The quay", "credit": "Desk photographer"}}


def paragraph(text: str) -> dict:
    return {"type": "paragraph", "value": f"<p>{text}</p>"}


def republish(story, body, newsroom):
    """The editor changes the body and publishes it, as in the admin."""
    story.body = body
    story.save_revision(user=newsroom.people["publisher"]).publish(
        user=newsroom.people["publisher"]
    )
    story.refresh_from_db()
    return story


def story_with_figure(make_story, newsroom, title, image, *, access, behind_cut=True):
    story = make_story(title, access=access, paragraphs=OPENING + CLOSING)
    blocks = [paragraph(p) for p in OPENING + CLOSING]
    blocks.insert(3 if behind_cut else 1, figure(image))  # the cut: the first two paragraphs
    return republish(story, blocks, newsroom)


def member_client(django_user_model):
    from herald.memberships.models import Member, Tier

    tier = Tier.objects.create(name="Supporter", slug="supporter", monthly_price=5,
                               yearly_price=50, benefits="Everything")
    user = django_user_model.objects.create_user("member", "member@example.org", "pw")
    Member.objects.create(user=user, tier=tier, status="active", provider="development")
    client = Client(REMOTE_ADDR="192.0.2.20")
    client.force_login(user)
    return client


def figure_addresses(html: str) -> list[str]:
    """The img src, then every address in its srcset."""
    found = IMG.search(html)
    assert found, "no figure on the page"
    src, srcset = found.groups()
    return [src.replace("&amp;", "&")] + [item.split()[0] for item in srcset.split(", ")]


def file_names(image) -> set[str]:
    """The stored files of a picture: the original and every rendition made of it."""
    return {image.file.name} | {r.file.name for r in image.renditions.all()}


def body_of(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture(scope="module")
def shared_members_story(module_media_root, shared_make_story, shared_newsroom):
    """The members story with its figure behind the cut, published once for the module
    (each test's changes are rolled back): the ids of the story and its picture."""
    image = saved_image("navy")
    story = story_with_figure(shared_make_story, shared_newsroom, "Members quay story", image,
                              access="members")
    return story.pk, image.pk


@pytest.fixture
def members_story(shared_members_story):
    from wagtail.images import get_image_model

    from herald.articles.models import ArticlePage

    story, image = shared_members_story
    return ArticlePage.objects.get(pk=story), get_image_model().objects.get(pk=image)


@pytest.mark.django_db
def test_member_gets_signed_figure_that_serves_the_picture(members_story, django_user_model):
    story, image = members_story
    member = member_client(django_user_model)
    addresses = figure_addresses(member.get(story.url).content.decode())
    assert len(addresses) == 4
    assert all(a.startswith("/media-signed/") for a in addresses), addresses

    response = member.get(addresses[0])
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert body_of(response)[8:12] == b"WEBP"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Robots-Tag"] == "noindex"
    control, max_age = response["Cache-Control"].split(", max-age=")
    assert control == "private"
    assert media.lifetime() <= int(max_age) <= media.lifetime() * 5 // 4 + 1
    # Anyone holding the address may fetch it until it expires: it is a bearer token.
    assert Client().get(addresses[0]).status_code == 200


@pytest.mark.django_db
def test_signed_address_refused_after_it_expires(members_story, django_user_model, monkeypatch):
    story, image = members_story
    member = member_client(django_user_model)
    address = figure_addresses(member.get(story.url).content.decode())[0]
    assert member.get(address).status_code == 200

    later = media.time.time() + media.lifetime() * 5 // 4 + 2
    monkeypatch.setattr(media, "time", types.SimpleNamespace(time=lambda: later))
    response = member.get(address)
    assert response.status_code == 403
    assert response.content.decode() == (
        "This link to a file has expired. Reload the page it came from for a fresh one.\n"
    )
    assert response["Cache-Control"] == "no-store"
    # A fresh page gives a fresh address, which works.
    fresh = figure_addresses(member.get(story.url).content.decode())[0]
    assert fresh != address
    assert member.get(fresh).status_code == 200


@pytest.mark.django_db
def test_tampered_signed_addresses_are_refused(members_story, django_user_model):
    story, image = members_story
    member = member_client(django_user_model)
    address = figure_addresses(member.get(story.url).content.decode())[0]
    _, _, token, name = address.split("/", 3)
    stamp, signature = token.split(".")
    later_stamp = media.signing.b62_encode(media.signing.b62_decode(stamp) + 86400)
    tampered = [
        f"/media-signed/{stamp}.{signature[:-1]}{'A' if signature[-1] != 'A' else 'B'}/{name}",
        f"/media-signed/{later_stamp}.{signature}/{name}",  # a longer life
        f"/media-signed/{token}/{image.file.name}",  # another file with this token
        f"/media-signed/{signature}/{name}",
    ]
    for address in tampered:
        response = member.get(address)
        assert (response.status_code, response.content.decode()) == (
            404, "This link to a file is not valid.\n"), address
        assert unquote(name) not in response.content.decode()


@pytest.mark.django_db
def test_plain_addresses_of_a_gated_figure_refuse_it(members_story, django_user_model, newsroom):
    story, image = members_story
    member = member_client(django_user_model)
    member.get(story.url)  # the renditions exist now
    names = file_names(image)
    assert len(names) == 4
    for name in names:
        for client in (Client(), member):
            assert client.get(f"/media/{name}").status_code == 404, name
    # Editors see it in the admin and in previews, privately.
    editor = Client()
    editor.force_login(newsroom.people["europe-editor"])
    response = editor.get(f"/media/{image.file.name}")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, max-age=60"


@pytest.mark.django_db
def test_cut_page_has_no_address_of_the_gated_figure(members_story, django_user_model):
    story, image = members_story
    member_client(django_user_model).get(story.url)  # renditions exist, so names are known
    html = Client(REMOTE_ADDR="198.51.100.7").get(story.url).content.decode()
    assert OPENING[0] in html and CLOSING[0] not in html
    assert "/media" not in html
    for name in file_names(image):
        assert name.rsplit("/", 1)[-1] not in html


@pytest.mark.django_db
def test_figure_inside_the_cut_is_signed_for_every_reader(make_story, newsroom):
    image = saved_image("teal")
    story = story_with_figure(make_story, newsroom, "Members quay in the cut", image,
                              access="members", behind_cut=False)
    anonymous = Client(REMOTE_ADDR="198.51.100.8")
    addresses = figure_addresses(anonymous.get(story.url).content.decode())
    assert all(a.startswith("/media-signed/") for a in addresses)
    assert anonymous.get(addresses[1]).status_code == 200
    assert anonymous.get(f"/media/{image.file.name}").status_code == 404


@pytest.mark.django_db
def test_free_story_figure_stays_public(make_story, newsroom):
    image = saved_image("olive")
    story = story_with_figure(make_story, newsroom, "Free quay story", image, access="free")
    anonymous = Client(REMOTE_ADDR="198.51.100.9")
    addresses = figure_addresses(anonymous.get(story.url).content.decode())
    assert all(a.startswith("/media/images/") for a in addresses), addresses
    for address in addresses + [image.file.url]:
        response = anonymous.get(address)
        assert response.status_code == 200, address
        assert response["Cache-Control"] == "public, max-age=86400"
    assert anonymous.get(addresses[0])["Content-Type"] == "image/webp"


@pytest.mark.django_db
def test_picture_a_free_story_also_shows_stays_public(members_story, make_story, newsroom):
    story, image = members_story
    story_with_figure(make_story, newsroom, "Free quay story", image, access="free")
    assert Client().get(f"/media/{image.file.name}").status_code == 200


@pytest.mark.django_db
def test_publishing_a_story_as_members_only_withholds_its_picture(make_story, newsroom, settings):
    # No task worker: Wagtail's own update of the reference index never runs, so
    # publishing alone must keep it current.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    image = saved_image("maroon")
    story = story_with_figure(make_story, newsroom, "Quay story", image, access="free")
    assert Client().get(f"/media/{image.file.name}").status_code == 200  # verdict cached
    story.access = "members"
    republish(story, story.body.raw_data, newsroom)
    assert Client().get(f"/media/{image.file.name}").status_code == 404


@pytest.mark.django_db
def test_archived_free_story_withholds_its_picture(make_story, newsroom):
    from datetime import timedelta

    from herald.access.models import AccessSettings

    rules = AccessSettings.for_site(newsroom.home.get_site())
    rules.archive_days = 30
    rules.save()
    image = saved_image("sienna")
    story = story_with_figure(make_story, newsroom, "Old quay story", image, access="free")
    assert Client().get(f"/media/{image.file.name}").status_code == 200
    type(story).objects.filter(pk=story.pk).update(
        first_published_at=make_story.now() - timedelta(days=31))
    rules.save()  # changing the settings changes the content version
    assert Client().get(f"/media/{image.file.name}").status_code == 404


@pytest.mark.django_db
def test_documents_of_gated_stories_only_at_signed_addresses(make_story, newsroom,
                                                            django_user_model):
    from wagtail.documents.models import Document

    document = Document(title="Night shift", file=ContentFile(b"ID3-audio", name="night.mp3"))
    document.save()
    story = make_story("Members night shift", access="members", paragraphs=OPENING + CLOSING)
    body = [paragraph(p) for p in OPENING + CLOSING] + [
        {"type": "media", "value": {"kind": "audio", "url": document.url,
                                    "caption": "The night shift", "transcript": ""}}]
    republish(story, body, newsroom)

    assert Client().get(document.url).status_code == 404
    assert Client().get(f"/media/{document.file.name}").status_code == 404
    html = member_client(django_user_model).get(story.url).content.decode()
    address = re.search(r'<audio controls preload="none" src="([^"]+)"', html).group(1)
    assert address.startswith("/media-signed/")
    response = Client().get(address.replace("&amp;", "&"))
    assert response.status_code == 200
    assert body_of(response) == b"ID3-audio"
    assert response["Content-Type"] == "audio/mpeg"
    assert response["Content-Disposition"] == document.content_disposition


@pytest.mark.django_db
def test_document_no_story_uses_is_served(db):
    from wagtail.documents.models import Document

    document = Document(title="Annual report", file=ContentFile(b"%PDF-1.4", name="report.pdf"))
    document.save()
    assert Client().get(document.url).status_code == 200
    # Documents never come from /media/: their own view applies collection privacy.
    assert Client().get(f"/media/{document.file.name}").status_code == 404


@pytest.mark.django_db
def test_media_block_file_of_a_gated_story_is_signed(make_story, newsroom, django_user_model):
    from django.core.files.storage import default_storage

    name = default_storage.save("audio/harbour-voices.mp3", ContentFile(b"ID3-voices"))
    story = make_story("Members voices", access="members", paragraphs=OPENING + CLOSING)
    body = [paragraph(p) for p in OPENING + CLOSING] + [
        {"type": "media", "value": {"kind": "audio", "url": f"/media/{name}",
                                    "caption": "", "transcript": ""}}]
    republish(story, body, newsroom)

    assert Client().get(f"/media/{name}").status_code == 404
    html = member_client(django_user_model).get(story.url).content.decode()
    address = re.search(r'<audio controls preload="none" src="([^"]+)"', html).group(1)
    assert address.startswith("/media-signed/")
    assert body_of(Client().get(address)) == b"ID3-voices"


@pytest.mark.django_db
def test_cached_variant_of_a_metered_story_carries_working_addresses(make_story, newsroom):
    image = saved_image("indigo")
    story = story_with_figure(make_story, newsroom, "Metered quay story", image, access="metered")
    first = Client(REMOTE_ADDR="198.51.100.21").get(story.url)
    second = Client(REMOTE_ADDR="198.51.100.22").get(story.url)
    assert second["X-Herald-Cache"] == "hit"
    assert second.content == first.content
    address = figure_addresses(second.content.decode())[0]
    assert address.startswith("/media-signed/")
    assert Client().get(address).status_code == 200
    assert Client().get(f"/media/{image.file.name}").status_code == 404


@pytest.mark.django_db
def test_public_media_refuses_paths_outside_the_media_root(db):
    for path in ("/media/../secret_key", "/media/%2e%2e/secret_key", "/media/nothing-here.png"):
        assert Client().get(path).status_code == 404, path


@pytest.mark.django_db
def test_other_spellings_of_a_gated_file_name_are_refused(members_story):
    story, image = members_story
    directory, filename = image.file.name.split("/")
    assert Client().get(f"/media/{image.file.name}").status_code == 404
    for spelling in (f"images/../{directory}/{filename}", f"{directory}//{filename}",
                     f"./{directory}/{filename}", f"{directory}/./{filename}",
                     f"{directory}/%2E/{filename}", f"{directory}%2F%2E%2E%2F{directory}/{filename}"):
        assert Client().get(f"/media/{spelling}").status_code == 404, spelling
