"""The shader library: metadata headers, includes with a line map, lookup, compile-log mapping."""

from __future__ import annotations

import pytest

from procgen.errors import ShaderHeaderError, ShaderIncludeError
from procgen.library import (
    REQUIRED_KEYS,
    ShaderLibrary,
    compile_error_from_log,
    default_library,
    default_shader_dir,
    has_main_image,
    load_shader,
)

MAIN = "void mainImage(out vec4 fragColor, in vec2 fragCoord) { fragColor = vec4(1.0); }\n"


def test_header_fields_are_parsed(make_shader, header_text):
    header = header_text("swirl", family="flow", params="iSeed.x speed", tags="warp, colour , ")
    shader = load_shader(make_shader("swirl_file", MAIN, header=header))
    assert (shader.name, shader.family, shader.author, shader.licence) == ("swirl", "flow", "tests", "MIT")
    assert shader.description == "test shader swirl"
    assert shader.params == "iSeed.x speed"
    assert shader.tags == ("warp", "colour")
    assert shader.source.startswith("// name: swirl")


def test_header_continuation_lines_and_license_spelling(make_shader):
    header = ("\n// name: long\n// family: f\n// author: a\n// license: CC0\n"
              "// description: first part\n//   second part\n")
    shader = load_shader(make_shader("long", MAIN, header=header))
    assert shader.licence == "CC0"
    assert shader.description == "first part second part"


@pytest.mark.parametrize("missing", REQUIRED_KEYS)
def test_missing_required_key_names_file_and_key(make_shader, header_text, missing):
    lines = [line for line in header_text("x").splitlines(keepends=True) if not line.startswith(f"// {missing}:")]
    path = make_shader("partial", MAIN, header="".join(lines))
    with pytest.raises(ShaderHeaderError, match=missing) as info:
        load_shader(path)
    assert str(path) in str(info.value)


def test_missing_header_is_a_clear_error(make_shader):
    path = make_shader("bare", MAIN, header=False)
    with pytest.raises(ShaderHeaderError, match="missing metadata header"):
        load_shader(path)


def test_includes_are_inlined_recursively_once_with_a_line_map(make_shader, tmp_path):
    inc = tmp_path / "include"
    (inc / "base.glsl").write_text("float base_fn() { return 1.0; }\n")
    (inc / "mid.glsl").write_text('#include "base.glsl"\nfloat mid_fn() { return base_fn(); }\n')
    body = '#include "mid.glsl"\n#include "base.glsl"\n' + MAIN
    path = make_shader("user", body)
    shader = load_shader(path)
    assert shader.expanded_source.count("float base_fn()") == 1  # include-once
    assert "#include" not in shader.expanded_source
    lines = shader.expanded_source.splitlines()
    base_line = next(i for i, line in enumerate(lines, 1) if "base_fn() {" in line)
    mid_line = next(i for i, line in enumerate(lines, 1) if "mid_fn()" in line)
    main_line = next(i for i, line in enumerate(lines, 1) if "mainImage" in line)
    assert shader.origin_of(base_line) == (inc / "base.glsl", 1)
    assert shader.origin_of(mid_line) == (inc / "mid.glsl", 2)
    assert shader.origin_of(main_line) == (path, 8)  # 5 header lines + 2 includes + main
    assert shader.origin_of(0) is None and shader.origin_of(len(lines) + 1) is None


def test_missing_include_names_the_including_file_and_line(make_shader, tmp_path):
    path = make_shader("needs", '#include "nowhere.glsl"\n' + MAIN)
    with pytest.raises(ShaderIncludeError, match="nowhere.glsl") as info:
        load_shader(path)
    assert (info.value.path, info.value.line) == (path, 6)
    (tmp_path / "include" / "outer.glsl").write_text('float a;\n#include "gone.glsl"\n')
    nested = make_shader("nested", '#include "outer.glsl"\n' + MAIN)
    with pytest.raises(ShaderIncludeError) as info:
        load_shader(nested)
    assert (info.value.path, info.value.line) == (tmp_path / "include" / "outer.glsl", 2)


def test_includes_cannot_escape_the_include_folder(make_shader, tmp_path):
    (tmp_path / "secret.glsl").write_text("float s;\n")
    path = make_shader("escape", '#include "../secret.glsl"\n' + MAIN)
    with pytest.raises(ShaderIncludeError, match="outside"):
        load_shader(path)


def test_main_image_detection_ignores_comments():
    assert has_main_image(MAIN)
    assert not has_main_image("// void mainImage(out vec4 c, in vec2 f)\nvoid main() {}")
    assert not has_main_image("/* void mainImage(\n */ void mainImg() {}")


def test_library_from_dir_orders_by_file_and_looks_up(toy_library, toy_library_dir, toy_shader_specs):
    stems = sorted(toy_shader_specs)
    assert len(toy_library) == len(stems)
    assert toy_library.names == [toy_shader_specs[s][0] for s in stems]
    assert toy_library.families == ["test"] * len(stems)
    assert toy_library.ids_by_family() == {"test": list(range(len(stems)))}
    assert toy_library.index_of("top_red") == 1
    assert toy_library["top_red"] is toy_library[1]
    assert toy_library[0].path == toy_library_dir / "a_gradient.glsl"
    assert "gradient" in toy_library and "nope" not in toy_library
    with pytest.raises(KeyError, match="no shader named 'nope'"):
        toy_library["nope"]
    with pytest.raises(IndexError, match="out of range"):
        toy_library[len(stems)]


def test_duplicate_names_warn_and_the_later_file_wins(make_shader, tmp_path, caplog):
    make_shader("one", MAIN, name="same")
    make_shader("two", MAIN, name="same")
    with caplog.at_level("WARNING", logger="procgen.library"):
        library = ShaderLibrary.from_dir(tmp_path)
    assert "duplicate shader name 'same'" in caplog.text
    assert len(library) == 2
    assert library["same"].path.name == "two.glsl"


def test_empty_or_missing_folders_are_clear_errors(tmp_path):
    with pytest.raises(ValueError, match="no \\*.glsl"):
        ShaderLibrary.from_dir(tmp_path)
    with pytest.raises(FileNotFoundError, match="not found"):
        ShaderLibrary.from_dir(tmp_path / "absent")


def test_default_library_is_the_repository_shaders_folder():
    library = default_library()
    assert library.root.resolve() == default_shader_dir().resolve()
    assert len(library) >= 1
    assert all(s.path.parent.name == "shaders" for s in library)
    assert all(has_main_image(s.expanded_source) for s in library)
    assert default_library() is library  # cached


def test_environment_variable_overrides_the_default_folder(monkeypatch, toy_library_dir, toy_shader_specs):
    monkeypatch.setenv("PROCVISION_SHADERS", str(toy_library_dir))
    assert default_library().names == [toy_shader_specs[s][0] for s in sorted(toy_shader_specs)]


@pytest.mark.parametrize("log_line", [
    "0:{line}(3): error: `foo' undeclared",  # Mesa
    "0({line}) : error C1008: undefined variable \"foo\"",  # NVIDIA
])
def test_compile_logs_map_back_to_original_files(make_shader, tmp_path, log_line):
    (tmp_path / "include" / "lib.glsl").write_text("float lib_a;\nfloat lib_b;\n")
    path = make_shader("mapped", '#include "lib.glsl"\n' + MAIN)
    shader = load_shader(path)
    offset = 20  # wrapper lines before the shader in the GL source
    in_user = compile_error_from_log(shader, log_line.format(line=offset + 8), offset)
    assert (in_user.path, in_user.line) == (path, 7)  # the mainImage line
    assert "foo" in in_user.message
    in_include = compile_error_from_log(shader, log_line.format(line=offset + 7), offset)
    assert (in_include.path, in_include.line) == (tmp_path / "include" / "lib.glsl", 2)


def test_include_lines_may_carry_comments_and_rulers_are_not_text(make_shader, tmp_path):
    (tmp_path / "include" / "h.glsl").write_text("float h_fn() { return 1.0; }\n")
    header = "// name: ruled\n// family: f\n// author: a\n// licence: MIT\n// description: text\n// -----\n"
    shader = load_shader(make_shader("ruled", '#include "h.glsl"  // shared helpers\n' + MAIN, header=header))
    assert shader.description == "text"
    assert "float h_fn()" in shader.expanded_source
    bad = make_shader("bad_include", "#include h.glsl\n" + MAIN)
    with pytest.raises(ShaderIncludeError, match="malformed include"):
        load_shader(bad)
