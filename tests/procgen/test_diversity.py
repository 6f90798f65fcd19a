"""The diversity report: each statistic against a case with a known answer or a brute-force oracle, and the
CLI end to end on real pools (the shaders/ library and a real synthesized library)."""
from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from procgen.diversity import choose_slots, load_pool, mix_indices, Pool, shared_programs
from procgen.diversity_stats import (RandomNet, coarse_variety_by_group, colour_stats, edge_density, mixing_gain,
                                     near_duplicate_fraction, nearest_thumbnails, pairwise_groups, spectrum_slopes,
                                     spread_over_samples, vendi_score, within_distance_by_group)

REPO = Path(__file__).resolve().parents[2]


def power_law_noise(alpha: float, n: int = 4, size: int = 64) -> torch.Tensor:
    """Grey images whose power spectrum falls as 1/f^alpha (random phases)."""
    g = torch.Generator().manual_seed(0)
    fy = torch.fft.fftfreq(size)[:, None]
    fx = torch.fft.fftfreq(size)[None, :]
    f = torch.sqrt(fx ** 2 + fy ** 2)
    amplitude = torch.where(f > 0, f.clamp(min=1e-9) ** (-alpha / 2), torch.zeros_like(f))
    phase = torch.rand(n, size, size, generator=g) * 2 * math.pi
    field = torch.fft.ifft2(amplitude * torch.exp(1j * phase)).real
    field = (field - field.mean((1, 2), keepdim=True)) / field.std((1, 2), keepdim=True) * 0.15 + 0.5
    return field[:, None].expand(n, 3, size, size).clamp(0, 1).contiguous()


@pytest.mark.parametrize("alpha", [1.0, 2.0, 3.0])
def test_spectrum_slope_recovers_the_power_law(alpha):
    slopes = spectrum_slopes(power_law_noise(alpha))
    assert slopes.mean().item() == pytest.approx(-alpha, abs=0.25)


def test_edge_density_of_a_step_is_two_columns():
    image = torch.zeros(1, 3, 32, 32)
    image[..., 16:] = 1.0
    assert edge_density(image).item() == pytest.approx(2 / 32)
    assert edge_density(torch.full((1, 3, 32, 32), 0.3)).item() == 0.0


def test_colour_stats_of_known_images():
    red = torch.zeros(2, 3, 8, 8)
    red[:, 0] = 1.0
    stats = colour_stats(red)
    assert stats["mean_rgb"] == [1.0, 0.0, 0.0] and stats["saturation"] == 1.0
    assert stats["contrast"] == 0.0 and stats["palette_spread"] == 0.0
    grey = colour_stats(torch.rand(3, 1, 8, 8).expand(3, 3, 8, 8))
    assert grey["colourfulness"] == pytest.approx(0.0, abs=1e-6) and grey["saturation"] == pytest.approx(0.0)


def brute_vendi(x: torch.Tensor) -> float:
    x = torch.nn.functional.normalize(x.to(torch.float64), dim=1)
    eig = torch.linalg.eigvalsh(x @ x.T / len(x)).clamp(min=0)
    eig = eig[eig > 1e-12]
    return float(torch.exp(-(eig * eig.log()).sum()))


def test_vendi_score_limits_and_oracle():
    assert vendi_score(torch.ones(10, 4)) == pytest.approx(1.0)
    assert vendi_score(torch.eye(6)) == pytest.approx(6.0)
    x = torch.randn(50, 8, generator=torch.Generator().manual_seed(1))
    assert vendi_score(x) == pytest.approx(brute_vendi(x), rel=1e-9)


def test_mixing_gain_is_one_for_alike_pools_and_the_pool_count_for_disjoint_ones():
    x = torch.randn(400, 8, generator=torch.Generator().manual_seed(2))
    alike = mixing_gain([x[:200], x[200:]])  # two samples of one distribution
    assert 1.0 <= alike["gain"] < 1.05 and alike["gain_max"] == pytest.approx(2.0)
    assert alike["vendi_mix"] == pytest.approx(vendi_score(x))
    zeros = torch.zeros(200, 8)
    disjoint = mixing_gain([torch.cat([x[:200], zeros], 1), torch.cat([zeros, x[200:]], 1)])  # no shared direction
    assert disjoint["gain"] == pytest.approx(2.0, rel=1e-9)
    three = mixing_gain([torch.cat([x[:100], zeros[:100]], 1), torch.cat([zeros, x[200:]], 1)])  # shares 1/3, 2/3
    entropy = -(1 / 3 * math.log(1 / 3) + 2 / 3 * math.log(2 / 3))
    assert three["gain_max"] == pytest.approx(math.exp(entropy)) and three["gain"] == pytest.approx(math.exp(entropy))
    with pytest.raises(ValueError, match="two non-empty parts"):
        mixing_gain([x])


def test_spread_over_samples_means_and_signed_margins():
    def sample(a: float, b: float, mix: float, dup_a: float, dup_mix: float) -> dict:
        return {"pools": {"a": {"vendi_x": a, "near_duplicate_fraction": dup_a, "edge_density": 0.3},
                          "b": {"vendi_x": b, "near_duplicate_fraction": 0.5, "edge_density": 0.3}},
                "mix": {"vendi_x": mix, "near_duplicate_fraction": dup_mix}}

    spread = spread_over_samples([sample(3.0, 5.0, 6.0, 0.2, 0.1), sample(4.0, 6.0, 5.0, 0.1, 0.3)])
    assert spread["samples"] == 2 and set(spread["scores"]) == {"vendi_x", "near_duplicate_fraction"}
    a = spread["scores"]["vendi_x"]["a"]
    assert a["values"] == [3.0, 4.0] and a["mean"] == 3.5 and a["std"] == pytest.approx(math.sqrt(0.5))
    vendi = spread["mix_margin"]["vendi_x"]  # the mix against the best pool of each sample: b
    assert vendi["values"] == pytest.approx([1.0, -1.0]) and vendi["mix_most_diverse_in"] == 1
    dups = spread["mix_margin"]["near_duplicate_fraction"]  # fewer is better: best pool a, 0.2 then 0.1
    assert dups["values"] == pytest.approx([0.1, -0.2]) and dups["mix_most_diverse_in"] == 1
    single = spread_over_samples([{"pools": {"a": {"vendi_x": 2.0, "near_duplicate_fraction": 0.0}}}])
    assert "mix_margin" not in single and single["scores"]["vendi_x"]["a"]["std"] == 0.0


def test_structure_thumbnails_ignore_palette_and_see_layout():
    """Recolouring an image (another palette: gain and offset per channel) leaves its structure
    thumbnail unchanged; moving its shape changes it. So a pool of one shape in many colours has
    a structure Vendi score near 1, and many shapes score higher."""
    from procgen.diversity_stats import structure_thumbnails

    yy, xx = torch.meshgrid(torch.arange(32.0), torch.arange(32.0), indexing="ij")
    def disc(cx: float, cy: float) -> torch.Tensor:
        return (((xx - cx) ** 2 + (yy - cy) ** 2) < 64).float().expand(3, -1, -1)
    base = disc(10, 10)
    gain, offset = torch.tensor([0.6, 0.9, 0.7]).view(3, 1, 1), torch.tensor([0.1, 0.0, 0.4]).view(3, 1, 1)
    recoloured = base * gain + offset
    moved = disc(22, 20)
    t = structure_thumbnails(torch.stack([base, recoloured, moved]))
    assert t.shape == (3, 3 * 16 * 16)
    assert torch.allclose(t[0], t[1], atol=0.1)  # up to eps (0.02) against each channel std and (t[0] - t[2]).abs().max() > 1.0
    colours = torch.rand(20, 3, 1, 1, generator=torch.Generator().manual_seed(0))
    one_shape = base * colours + 0.1
    shapes = torch.stack([disc(6 + i, 8 + (7 * i) % 17) for i in range(20)]) * colours + 0.1
    assert vendi_score(structure_thumbnails(one_shape)) < 1.5  # dim channels: eps weighs in
    assert vendi_score(structure_thumbnails(shapes)) > 3.0


def test_pairwise_groups_matches_brute_force():
    g = torch.Generator().manual_seed(2)
    x = torch.nn.functional.normalize(torch.randn(30, 5, generator=g), dim=1)
    groups = torch.randint(0, 7, (30,), generator=g)
    within, between = pairwise_groups(x, groups)
    d = 1 - x.double() @ x.double().T
    same = groups[:, None] == groups[None, :]
    off = ~torch.eye(30, dtype=torch.bool)
    assert within == pytest.approx(float(d[same & off].mean()))
    assert between == pytest.approx(float(d[~same].mean()))


def test_within_distance_by_group_matches_brute_force():
    g = torch.Generator().manual_seed(3)
    x = torch.nn.functional.normalize(torch.randn(11, 5, generator=g, dtype=torch.float64), dim=1)
    groups = torch.tensor([7, 2, 7, 2, 2, 9, 7, 4, 4, 4, 4])  # group 9 has one image: left out
    got = within_distance_by_group(x, groups)
    assert set(got) == {2, 4, 7}
    for group, value in got.items():
        rows = x[groups == group]
        cos = rows @ rows.T
        brute = float((1 - cos).sum() / (len(rows) * (len(rows) - 1)))
        assert value == pytest.approx(brute, abs=1e-12)
    same = within_distance_by_group(x[:1].expand(4, 5), torch.zeros(4, dtype=torch.int64))
    assert same[0] == pytest.approx(0.0, abs=1e-12)


def test_near_duplicates_found_across_chunks():
    images = torch.rand(9, 3, 32, 32, generator=torch.Generator().manual_seed(3))
    images[7] = images[2] + 0.01  # a near copy, in another chunk than its original
    fraction, _ = near_duplicate_fraction(images, threshold=0.04, chunk=4)
    assert fraction == pytest.approx(2 / 9)
    assert near_duplicate_fraction(images[:7], threshold=0.04)[0] == 0.0


def test_nearest_thumbnails_name_the_twin_across_chunks():
    images = torch.rand(9, 3, 32, 32, generator=torch.Generator().manual_seed(3))
    images[7] = images[2] + 0.01
    nearest, index = nearest_thumbnails(images, chunk=4)
    assert index[7] == 2 and index[2] == 7
    assert nearest[7] == pytest.approx(0.01, abs=1e-6)  # a constant shift survives the area average
    small = torch.nn.functional.adaptive_avg_pool2d(images, 16).flatten(1).double()
    brute = torch.cdist(small, small) / 16 / math.sqrt(3)
    brute.fill_diagonal_(float("inf"))
    assert torch.allclose(nearest, brute.min(1).values) and torch.equal(index, brute.min(1).indices)


def test_coarse_variety_by_group_of_known_images():
    base = torch.rand(1, 3, 32, 32, generator=torch.Generator().manual_seed(5)) * 0.5
    images = torch.cat([base, base, base, base + 0.2, base + 0.4, base])
    groups = torch.tensor([0, 0, 1, 1, 1, 2])
    variety = coarse_variety_by_group(images, groups)
    assert set(variety) == {0, 1}  # group 2 has one image: no pair to compare
    assert variety[0] == pytest.approx(0.0, abs=1e-9)  # the seed does not show
    assert variety[1] == pytest.approx((0.2 + 0.4 + 0.2) / 3)  # pairs differ by 0.2, 0.4, 0.2


def test_random_net_is_fixed_and_centred():
    images = torch.rand(6, 3, 48, 48, generator=torch.Generator().manual_seed(4))
    a, b = RandomNet(0)(images), RandomNet(0)(images)
    assert a.shape == (6, 448) and torch.equal(a, b)
    assert torch.allclose(a.norm(dim=1), torch.ones(6))
    assert not torch.equal(a, RandomNet(1)(images))


def test_slots_cycle_a_small_pool_and_the_mix_takes_turns():
    slots = choose_slots(10, 4, seed=0, salt="x")
    assert sorted(slots[:4]) == [0, 1, 2, 3] and slots[4:8] == slots[:4]
    assert choose_slots(3, 100, 0, "x") == choose_slots(3, 100, 0, "x")
    pools = [Pool(f"p{p}", [], slot_of_image=torch.arange(6).repeat_interleave(2)) for p in range(2)]
    parts = mix_indices(pools, 6)
    assert parts[0][1].tolist() == [0, 1, 4, 5, 8, 9] and parts[1][1].tolist() == [2, 3, 6, 7, 10, 11]


def test_shared_programs_names_pools_with_the_same_texts(tmp_path):
    """A library and a subset of it share programs; an edited copy of a program is a different program."""
    import shutil

    names = sorted(p.name for p in (REPO / "shaders").glob("*.glsl"))[:4]
    for folder, picks in (("small", names[:3]), ("other", names[1:])):
        shutil.copytree(REPO / "shaders" / "include", tmp_path / folder / "include")
        for name in picks:
            shutil.copy(REPO / "shaders" / name, tmp_path / folder / name)
    edited = tmp_path / "other" / names[2]
    edited.write_text(edited.read_text() + "\n// edited\n")
    pools = [load_pool(f"full={REPO / 'shaders'}"), load_pool(f"small={tmp_path / 'small'}"),
             load_pool(f"other={tmp_path / 'other'}"), load_pool("synth=synth:3:4")]
    full = pools[0].library
    pools[0].slots = [full.index_of(n[:-5]) for n in names] * 2  # repeated slots count once
    for pool in pools[1:]:
        pool.slots = list(range(len(pool.library)))
    assert shared_programs(pools) == [
        {"pools": ["full", "small"], "programs": 3, "sampled": [4, 3]},
        {"pools": ["full", "other"], "programs": 2, "sampled": [4, 3]},  # not the edited one
        {"pools": ["small", "other"], "programs": 1, "sampled": [3, 3]}]
    assert shared_programs([pools[1], pools[3]]) == []


def test_cli_end_to_end_on_real_pools(tmp_path):
    from procgen.synth.library import build_library

    build_library(tmp_path / "synth", 3, seed=5, progress=False)
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}
    cmd = [sys.executable, "-m", "procgen.diversity", f"hand={REPO / 'shaders'}", str(tmp_path / "synth"),
           "--n-programs", "6", "--per-program", "2", "--resolution", "32", "--thumbnails", "5", "--repeats", "2",
           "--json", str(tmp_path / "d.json"), "--png", str(tmp_path / "d.png")]
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr
    report = json.loads((tmp_path / "d.json").read_text())
    assert set(report["pools"]) == {"hand", "synth"} and "mix" in report
    synth = report["pools"]["synth"]
    assert synth["n_images"] == 12 and synth["programs_in_pool"] == 3 and synth["distinct_programs_sampled"] == 3
    assert report["pools"]["hand"]["distinct_programs_sampled"] == 6
    assert 1.0 <= synth["vendi_randomnet"] <= 12.0 and 1.0 <= synth["vendi_pixels16"] <= 12.0
    assert 1.0 <= synth["vendi_structure16"] <= 12.0
    assert report["mix"]["n_images"] == 12 and report["mix"]["shared_programs"] == []
    weakest = synth["weakest_programs"]  # three programs, each in two slots of two images
    assert [len(row) for row in weakest["least_varied_programs"]] == [2, 2, 2]
    assert all(name.startswith("synth-v1-s5-") for name, _ in weakest["least_varied_programs"])
    values = [value for _, value in weakest["least_varied_programs"]]
    assert values == sorted(values) and values[0] >= 0.0
    assert 0 <= weakest["near_duplicates_same_program"] <= weakest["near_duplicates"] <= 12
    assert sum(count for _, count in weakest["near_duplicates_by_program"]) == weakest["near_duplicates"]
    assert "least varied across seeds" in done.stdout and "(random net)" in done.stdout
    embedded = weakest["least_varied_programs_embedded"]
    assert len(embedded) == 3 and all(0.0 <= value <= 2.0 for _, value in embedded)
    assert [value for _, value in embedded] == sorted(value for _, value in embedded)
    gains = report["mix"]["mixing_gain"]
    assert set(gains) == {"pixels16", "structure16", "randomnet"}
    for name, gain in gains.items():  # the mix's own score, and the gain within its bounds
        assert gain["vendi_mix"] == pytest.approx(report["mix"][f"vendi_{name}"], rel=1e-9)
        assert 1.0 - 1e-9 <= gain["gain"] <= gain["gain_max"] + 1e-9 and len(gain["vendi_parts"]) == 2
        best = max(pool[f"vendi_{name}"] for pool in report["pools"].values())
        beats = report["mix"][f"vendi_{name}"] > best
        assert beats == (gain["gain"] > gain["needed_to_beat_best_pool"])
    # two independent samples: the first is the report above, the second another draw of the same pools
    spread = report["repeats"]
    assert spread["samples"] == 2
    for name in ("hand", "synth", "mix"):
        values = spread["scores"]["vendi_randomnet"][name]["values"]
        section = report["mix"] if name == "mix" else report["pools"][name]
        assert values[0] == section["vendi_randomnet"] and values[1] != values[0]
    margin = spread["mix_margin"]["vendi_structure16"]["values"][0]
    best = max(pool["vendi_structure16"] for pool in report["pools"].values())
    assert margin == pytest.approx(report["mix"]["vendi_structure16"] - best)
    assert "over 2 samples" in done.stdout and "mix over the best pool" in done.stdout
    assert (tmp_path / "d.png").read_bytes()[:4] == b"\x89PNG"
    assert (tmp_path / "d_spread.png").read_bytes()[:4] == b"\x89PNG"


def test_cli_bad_input(tmp_path):
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}
    base = [sys.executable, "-m", "procgen.diversity", "--json", str(tmp_path / "d.json")]
    missing = subprocess.run(base + [str(tmp_path / "nowhere")], capture_output=True, text=True, env=env)
    assert missing.returncode == 2 and "nowhere" in missing.stderr
    single = subprocess.run(base + [str(REPO / "shaders"), "--per-program", "1"], capture_output=True, text=True, env=env)
    assert single.returncode == 2 and "--per-program" in single.stderr
    no_sample = subprocess.run(base + [str(REPO / "shaders"), "--repeats", "0"], capture_output=True, text=True, env=env)
    assert no_sample.returncode == 2 and "--repeats" in no_sample.stderr
    assert not (tmp_path / "d.json").exists()


def test_synth_pool_is_generated_on_the_fly():
    from procgen.diversity import load_pool
    from procgen.synth import program_source

    pool = load_pool("online=synth:3:5")
    assert pool.name == "online" and len(pool.library) == 5
    assert pool.library.source_of(4) == program_source(1, 3, 4)
    with pytest.raises(ValueError, match="synth:SEED:N"):
        load_pool("synth:3")


def test_procgen_diversity_has_no_backbone_option(tmp_path):
    from procgen.diversity import build_parser

    with pytest.raises(SystemExit):
        build_parser().parse_args(["shaders", "--json", str(tmp_path / "d.json"), "--backbone", "pixels"])
