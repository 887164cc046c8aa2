"""Workshop photos: turned upright, stripped of every trace of where they were taken, refused when not photos."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from inventory.workshop import photos
from inventory.workshop import services as workshop


@pytest.fixture(autouse=True)
def messages_in_english(app):
    """These tests read the services' messages in English."""
    from flask_babel import force_locale

    with force_locale("en"):
        yield

@pytest.fixture
def media(app, tmp_path: Path) -> Path:
    """A media folder of the test's own."""
    app.config["MEDIA_FOLDER"] = str(tmp_path)
    return tmp_path / "photos"


def phone_photo(width: int = 2400, height: int = 1200, *, orientation: int = 6, fmt: str = "JPEG") -> bytes:
    """A camera-style JPEG stored sideways (EXIF orientation) with GPS coordinates and a camera model."""
    image = Image.new("RGB", (width, height), (200, 30, 30))
    image.paste((30, 30, 200), (0, 0, width // 4, height))  # a blue band on the stored image's left edge
    exif = Image.Exif()
    exif[0x0112] = orientation  # Orientation: 6 = the camera was turned a quarter clockwise
    exif[0x0110] = "Phone Camera 12"  # Model
    exif[0x8825] = {1: "N", 2: (59.0, 19.0, 48.0), 3: "E", 4: (18.0, 4.0, 6.0)}  # GPS: Stockholm
    out = io.BytesIO()
    image.save(out, format=fmt, exif=exif, quality=90)
    return out.getvalue()


def stored(media: Path, stem: str, size: str) -> Image.Image:
    """One stored size, read into memory (the file is closed again)."""
    with Image.open(media / photos.file_name(stem, size)) as image:
        image.load()
        return image


def test_a_sideways_phone_photo_is_stored_upright_in_a_web_size_and_a_thumbnail(media):
    saved = photos.store_photo(io.BytesIO(phone_photo()))
    web, thumb = stored(media, saved.stem, "web"), stored(media, saved.stem, "thumb")
    assert (web.size, thumb.size) == ((800, 1600), (200, 400))  # portrait now, longest side 1600 and 400
    assert (saved.width, saved.height) == web.size
    assert web.getpixel((400, 10))[2] > 150 and web.getpixel((400, 1590))[0] > 150  # the blue band is on top


def test_no_location_or_camera_details_leave_the_workshop(media):
    saved = photos.store_photo(io.BytesIO(phone_photo()))
    for size in photos.SIZES:
        image = stored(media, saved.stem, size)
        raw = (media / photos.file_name(saved.stem, size)).read_bytes()
        assert not image.getexif() and "exif" not in image.info and "icc_profile" not in image.info
        assert b"Phone Camera" not in raw and b"Exif" not in raw


def test_png_and_webp_pictures_are_taken_too(media):
    for fmt in ("PNG", "WEBP"):
        saved = photos.store_photo(io.BytesIO(phone_photo(600, 300, fmt=fmt)))
        assert stored(media, saved.stem, "web").format == "JPEG"


def test_each_photo_gets_a_random_name(media):
    first = photos.store_photo(io.BytesIO(phone_photo(300, 200)))
    second = photos.store_photo(io.BytesIO(phone_photo(300, 200)))
    assert first.stem != second.stem and len(first.stem) == 32


def test_a_text_file_named_like_a_photo_is_refused_with_a_clear_message(media):
    with pytest.raises(photos.PhotoRefused) as refused:
        photos.store_photo(io.BytesIO(b"These are not the pixels you are looking for.\n" * 20))
    assert "not a photo" in str(refused.value.message)
    assert not media.exists() or list(media.iterdir()) == []


def test_a_gif_is_refused_even_though_pillow_could_read_it(media):
    out = io.BytesIO()
    Image.new("P", (50, 50)).save(out, format="GIF")
    with pytest.raises(photos.PhotoRefused):
        photos.store_photo(io.BytesIO(out.getvalue()))


def test_a_truncated_photo_is_refused(media):
    data = phone_photo(800, 600)
    with pytest.raises(photos.PhotoRefused):
        photos.store_photo(io.BytesIO(data[: len(data) // 2]))


@pytest.mark.parametrize("side", [8_000, 14_000], ids=["above our limit", "a decompression bomb for Pillow"])
def test_a_picture_with_too_many_pixels_is_refused_before_it_is_decoded(media, side):
    out = io.BytesIO()
    Image.new("1", (side, side)).save(out, format="PNG")  # a few kB on disk, `side`² pixels in memory
    with pytest.raises(photos.PhotoRefused) as refused:
        photos.store_photo(io.BytesIO(out.getvalue()))
    assert "too many pixels" in str(refused.value.message)


def test_a_file_over_the_size_limit_is_refused(app, media):
    app.config["MAX_PHOTO_BYTES"] = 10_000
    with pytest.raises(photos.PhotoTooLarge) as refused:
        photos.store_photo(io.BytesIO(phone_photo()))
    assert refused.value.status == 413


def test_an_empty_upload_is_refused(media):
    with pytest.raises(photos.PhotoRefused):
        photos.store_photo(io.BytesIO(b""))


# --------------------------------------------------------------------------- through the project


@pytest.fixture
def student(make_person):
    return make_person("designer", username="sara", display_name="Sara", kind="student", language="en")


@pytest.fixture
def project(student, make_item):
    shirt = make_item(route="redesign", category="shirts")
    return workshop.create_project(title="Shirt dress", source_codes=[shirt.code], by=student)


def test_a_photo_added_to_a_project_is_recorded_and_shown_only_to_signed_in_people_until_it_is_finished(
        app, media, project, student):
    photo = workshop.add_photo(project.id, kind="before", upload=io.BytesIO(phone_photo()), by=student)
    anonymous = app.test_client()
    assert anonymous.get(f"/photos/{photo.id}/web.jpg").status_code == 302
    assert [e.kind for e in workshop.project_history(project)][-1] == "redesign.photo_added"

    workshop.finish_into_product(project.id, category="dresses", by=student)
    with anonymous.get(f"/photos/{photo.id}/thumb.jpg") as public:
        assert public.status_code == 200 and public.mimetype == "image/jpeg"
        with Image.open(io.BytesIO(public.data)) as thumb:
            assert thumb.size == (200, 400)


def test_uploading_a_text_file_from_the_project_page_says_it_is_not_a_photo(media, project, student, login):
    client = login(student)
    response = client.post(f"/workshop/projects/{project.id}/photos", follow_redirects=True,
                           data={"photo_kind": "before", "photo": (io.BytesIO(b"hello" * 100), "holiday.jpg")},
                           content_type="multipart/form-data")
    assert "That file is not a photo" in response.get_data(as_text=True)
    assert project.photos == []


def test_uploading_a_phone_photo_from_the_project_page_shows_it_in_the_project(media, project, student, login):
    client = login(student)
    response = client.post(f"/workshop/projects/{project.id}/photos", follow_redirects=True,
                           data={"photo_kind": "after", "photo": (io.BytesIO(phone_photo()), "IMG_0001.JPG")},
                           content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    photo = workshop.get_project(project.id).photos[0]
    assert "Photo added." in page and f"/photos/{photo.id}/thumb.jpg" in page and photo.kind == "after"


def test_a_request_over_the_app_limit_is_refused_with_the_photo_message(app, media, project, student, login):
    app.config["MAX_CONTENT_LENGTH"] = 50_000
    client = login(student)
    response = client.post(f"/workshop/projects/{project.id}/photos", follow_redirects=True,
                           data={"photo_kind": "after", "photo": (io.BytesIO(b"\xff" * 80_000), "big.jpg")},
                           content_type="multipart/form-data")
    assert "The photo is too large" in response.get_data(as_text=True)


def test_deleting_a_photo_removes_both_files(media, project, student):
    photo = workshop.add_photo(project.id, kind="detail", upload=io.BytesIO(phone_photo(400, 300)), by=student)
    stem = photo.stem
    workshop.remove_photo(photo.id, by=student)
    assert not (media / photos.file_name(stem, "web")).exists()
    assert not (media / photos.file_name(stem, "thumb")).exists()
