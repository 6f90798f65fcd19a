"""EGL device discovery through ctypes: enumerate devices, pick the one for 'cpu' or 'cuda:N'."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
from dataclasses import dataclass

from procgen.errors import EGLUnavailableError

_EGL_EXTENSIONS = 0x3055
_EGL_CUDA_DEVICE_NV = 0x323A
_MAX_EGL_DEVICES = 32


@dataclass(frozen=True)
class EGLDevice:
    """One EGL device as enumerated by `eglQueryDevicesEXT`.

    Attributes:
        index: position in the enumeration (what glcontext's `device_index=` selects).
        extensions: the device's extension string.
        cuda_index: the CUDA ordinal of an NVIDIA device (EGL_CUDA_DEVICE_NV), else None.
    """

    index: int
    extensions: str
    cuda_index: int | None

    @property
    def is_software(self) -> bool:
        return "EGL_MESA_device_software" in self.extensions


def _load_egl() -> ctypes.CDLL:
    # The library glcontext is pointed at (offline GPU machines unpack their own), else the system's.
    name = os.environ.get("GLCONTEXT_LINUX_LIBEGL") or ctypes.util.find_library("EGL")
    if name is None:
        raise EGLUnavailableError("libEGL was not found on this machine")
    try:
        return ctypes.CDLL(name)
    except OSError as err:
        raise EGLUnavailableError(f"libEGL could not be loaded: {err}") from err


def egl_devices() -> list[EGLDevice]:
    """Enumerate EGL devices (EGL_EXT_device_enumeration), in glcontext's `device_index` order.

    Returns:
        The devices; empty when the EGL implementation cannot enumerate devices.
    """
    addr_devices = egl_proc_address(b"eglQueryDevicesEXT")
    addr_string = egl_proc_address(b"eglQueryDeviceStringEXT")
    addr_attrib = egl_proc_address(b"eglQueryDeviceAttribEXT")
    if not (addr_devices and addr_string and addr_attrib):
        return []
    query_devices = ctypes.CFUNCTYPE(
        ctypes.c_uint, ctypes.c_int, ctypes.POINTER(ctypes.c_void_p), ctypes.POINTER(ctypes.c_int)
    )(addr_devices)
    query_string = ctypes.CFUNCTYPE(ctypes.c_char_p, ctypes.c_void_p, ctypes.c_int)(addr_string)
    query_attrib = ctypes.CFUNCTYPE(
        ctypes.c_uint, ctypes.c_void_p, ctypes.c_int, ctypes.POINTER(ctypes.c_ssize_t)
    )(addr_attrib)
    handles = (ctypes.c_void_p * _MAX_EGL_DEVICES)()
    count = ctypes.c_int(0)
    if not query_devices(_MAX_EGL_DEVICES, handles, ctypes.byref(count)):
        return []
    devices = []
    for index in range(count.value):
        extensions = (query_string(handles[index], _EGL_EXTENSIONS) or b"").decode(errors="replace")
        cuda = ctypes.c_ssize_t(-1)
        has_cuda = "EGL_NV_device_cuda" in extensions and query_attrib(
            handles[index], _EGL_CUDA_DEVICE_NV, ctypes.byref(cuda)
        )
        devices.append(EGLDevice(index, extensions, int(cuda.value) if has_cuda else None))
    return devices


def select_egl_device(key: str) -> int | None:
    """Pick the EGL device index for a device key ('cpu' or 'cuda:N').

    CPU prefers Mesa's software device (llvmpipe) even on a machine with a GPU; None lets
    glcontext use its default. CUDA needs the NVIDIA device whose CUDA ordinal matches, so
    the rendered images live on the same GPU as the tensors that consume them.
    """
    devices = egl_devices()
    if key == "cpu":
        return next((d.index for d in devices if d.is_software), None)
    cuda_index = int(key.split(":")[1])
    for dev in devices:
        if dev.cuda_index == cuda_index:
            return dev.index
    raise EGLUnavailableError(
        f"no EGL device reports CUDA device {cuda_index} (found {len(devices)} EGL device(s)); "
        "the NVIDIA driver's EGL library (libEGL_nvidia.so.0) must be installed",
    )




def egl_proc_address(name: bytes) -> int | None:
    """Address of a GL/EGL function of the context current in this thread (None if EGL has none)."""
    lookup = _load_egl().eglGetProcAddress
    lookup.restype = ctypes.c_void_p
    lookup.argtypes = [ctypes.c_char_p]
    return lookup(name)
