"""Program synthesizer: composes typed GLSL blocks into new Shadertoy-convention programs (`python -m procgen.synth`)."""
from procgen.synth.program import (SUPPORTED_VERSIONS, SYNTH_VERSION, SynthProgram, SynthVersionError, normalised_hash,
                                   program_source, skeleton, synthesize)

__all__ = ["SUPPORTED_VERSIONS", "SYNTH_VERSION", "SynthProgram", "SynthVersionError", "normalised_hash",
           "program_source", "skeleton", "synthesize"]
