#!/usr/bin/env python3
"""Exit 0 when KVM really runs guest code, 1 otherwise.

Opening /dev/kvm, or even creating a VM, is not proof: on some hosts the
device exists and the guest never runs.  This runs five bytes of real-mode
code (mov al, 0x42; out 0x10, al; hlt) and expects the port write back.
Run it under timeout(1): a broken KVM may hang in KVM_RUN.
"""
import ctypes
import fcntl
import mmap
import os
import struct
import sys

KVM_GET_API_VERSION = 0xAE00
KVM_CREATE_VM = 0xAE01
KVM_GET_VCPU_MMAP_SIZE = 0xAE04
KVM_CREATE_VCPU = 0xAE41
KVM_SET_USER_MEMORY_REGION = 0x4020AE46
KVM_GET_SREGS = 0x8138AE83
KVM_SET_SREGS = 0x4138AE84
KVM_SET_REGS = 0x4090AE82
KVM_RUN = 0xAE80
KVM_EXIT_IO = 2


def main():
    kvm = os.open("/dev/kvm", os.O_RDWR | os.O_CLOEXEC)
    if fcntl.ioctl(kvm, KVM_GET_API_VERSION) != 12:
        return 1
    vm = fcntl.ioctl(kvm, KVM_CREATE_VM, 0)
    mem = mmap.mmap(-1, 0x2000)
    mem[0x1000:0x1005] = bytes([0xB0, 0x42, 0xE6, 0x10, 0xF4])
    addr = ctypes.addressof(ctypes.c_char.from_buffer(mem))
    region = struct.pack("IIQQQ", 0, 0, 0, 0x2000, addr)
    fcntl.ioctl(vm, KVM_SET_USER_MEMORY_REGION, region)
    vcpu = fcntl.ioctl(vm, KVM_CREATE_VCPU, 0)
    size = fcntl.ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE)
    run = mmap.mmap(vcpu, size, mmap.MAP_SHARED, mmap.PROT_READ | mmap.PROT_WRITE)
    sregs = bytearray(312)
    fcntl.ioctl(vcpu, KVM_GET_SREGS, sregs)
    # cs is the second kvm_segment (24 bytes each): base=0, selector=0.
    struct.pack_into("QIH", sregs, 24, 0, 0xFFFF, 0)
    fcntl.ioctl(vcpu, KVM_SET_SREGS, bytes(sregs))
    regs = bytearray(144)
    struct.pack_into("Q", regs, 128, 0x1000)  # rip
    struct.pack_into("Q", regs, 136, 0x2)     # rflags
    fcntl.ioctl(vcpu, KVM_SET_REGS, bytes(regs))
    fcntl.ioctl(vcpu, KVM_RUN, 0)
    exit_reason = struct.unpack_from("I", run, 8)[0]
    if exit_reason != KVM_EXIT_IO:
        return 1
    # kvm_run.io: direction, size, port, count, data_offset
    _, _, port, _, data_offset = struct.unpack_from("BBHIQ", run, 32)
    return 0 if port == 0x10 and run[data_offset] == 0x42 else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except OSError:
        sys.exit(1)
