// Package syscalls copies the shapes of golang.org/x/sys/unix's generated
// kernel ABI structs (cgo -godefs output, cgo-free here): per-arch
// variants behind build tags, blank padding fields, [0]int8 alignment
// markers, flexible array members and unions flattened to byte arrays.
package syscalls

import (
	"structs"

	"github.com/go-overlay/overlay/cast"
	"github.com/go-overlay/overlay/endian"
)

// Timespec as on 64-bit Linux.
type Timespec struct {
	Sec  int64
	Nsec int64
}

// Stat_t as x/sys/unix declares it for linux/amd64: an anonymous int32
// pad and a trailing [3]int64 reserve.
type Stat_t struct {
	Dev     uint64
	Ino     uint64
	Nlink   uint64
	Mode    uint32
	Uid     uint32
	Gid     uint32
	_       int32
	Rdev    uint64
	Size    int64
	Blksize int64
	Blocks  int64
	Atim    Timespec
	Mtim    Timespec
	Ctim    Timespec
	_       [3]int64
}

// Stat_t_arm is linux/arm's Stat_t with arm's 32-bit Timespec: a uint64
// after a uint16 and a uint32 is padded on 32-bit arches that align
// uint64 to 8 (arm, mips) but not on 386.
type Stat_t_arm struct {
	Dev     uint64
	_       uint16
	_       uint32
	Mode    uint32
	Nlink   uint32
	Uid     uint32
	Gid     uint32
	Rdev    uint64
	_       uint16
	_       [6]byte
	Size    int64
	Blksize int32
	_       [4]byte
	Blocks  int64
	Atim    Timespec32
	Mtim    Timespec32
	Ctim    Timespec32
	Ino     uint64
}

type Timespec32 struct {
	Sec  int32
	Nsec int32
}

// EpollEvent: 12 bytes, packed on amd64 (the kernel's __attribute__((packed))),
// so Go's layout there differs from the C one on other arches.
type EpollEvent struct {
	_      endian.Native
	Events uint32
	Fd     int32
	Pad    int32
}

// InotifyEvent is followed in the buffer by Len bytes of name: a
// flexible array member, here the zero-length array C uses.
type InotifyEvent struct {
	_      structs.HostLayout
	_      endian.Native
	Wd     int32
	Mask   uint32
	Cookie uint32
	Len    uint32
	Name   [0]uint8
}

// Sysinfo_t ends in a [0]int8 then explicit padding, as godefs writes it.
type Sysinfo_t struct {
	Uptime    int64
	Loads     [3]uint64
	Totalram  uint64
	Freeram   uint64
	Sharedram uint64
	Bufferram uint64
	Totalswap uint64
	Freeswap  uint64
	Procs     uint16
	Pad       uint16
	Totalhigh uint64
	Freehigh  uint64
	Unit      uint32
	_         [0]int8
	_         [4]byte
}

// Utsname: only byte arrays, with odd lengths.
type Utsname struct {
	Sysname    [65]byte
	Nodename   [65]byte
	Release    [65]byte
	Version    [65]byte
	Machine    [65]byte
	Domainname [65]byte
}

// Dirent as on linux/amd64, with its trailing [5]byte.
type Dirent struct {
	Ino    uint64
	Off    int64
	Reclen uint16
	Type   uint8
	Name   [256]int8
	_      [5]byte
}

// NlMsghdr, marked native as netlink is host order.
//
//layoutcheck:overlay
type NlMsghdr struct {
	_     structs.HostLayout
	_     endian.Native
	Len   uint32
	Type  uint16
	Flags uint16
	Seq   uint32
	Pid   uint32
}

// Termios: a uint8 and a [19]uint8 between uint32s.
type Termios struct {
	Iflag  uint32
	Oflag  uint32
	Cflag  uint32
	Lflag  uint32
	Line   uint8
	Cc     [19]uint8
	Ispeed uint32
	Ospeed uint32
}

// Fsid is an array wrapped in a struct, as in x/sys.
type Fsid struct {
	Val [2]int32
}

// Statfs_t (amd64 shape).
type Statfs_t struct {
	Type    int64
	Bsize   int64
	Blocks  uint64
	Bfree   uint64
	Bavail  uint64
	Files   uint64
	Ffree   uint64
	Fsid    Fsid
	Namelen int64
	Frsize  int64
	Flags   int64
	Spare   [4]int64
}

// Sigset_t is an array of platform-sized words in some x/sys files.
type Sigset_t struct {
	Val [16]uint64
}

// Siginfo flattens a C union into bytes after its header.
type Siginfo struct {
	Signo int32
	Errno int32
	Code  int32
	_     int32
	_     [112]byte
}

// PollFd has int16 fields after an int32.
type PollFd struct {
	Fd      int32
	Events  int16
	Revents int16
}

// Iovec holds a pointer, like many syscall structs: never castable.
type Iovec struct {
	Base *byte
	Len  uint64
}

// Msghdr holds pointers and platform-sized ints.
type Msghdr struct {
	Name       *byte
	Namelen    uint32
	Iov        *Iovec
	Iovlen     uint64
	Control    *byte
	Controllen uint64
	Flags      int32
	_          [4]byte
}

// Ucred with uintptr-sized fields as in the syscall package of some arches.
type Ucred struct {
	Pid int32
	Uid uint32
	Gid uint32
	Ptr uintptr
}

func Uses(b []byte) {
	_, _ = cast.To[Stat_t](b)
	_, _ = cast.To[Stat_t_arm](b)
	_, _ = cast.To[EpollEvent](b)
	_, _, _ = cast.Prefix[InotifyEvent](b)
	_, _ = cast.To[Sysinfo_t](b)
	_, _ = cast.To[Utsname](b)
	_, _ = cast.To[Dirent](b)
	_, _, _ = cast.SlicePrefix[NlMsghdr](b, 3)
	_, _ = cast.Read[Termios](b)
	_, _ = cast.To[Statfs_t](b)
	_, _ = cast.To[Sigset_t](b)
	_, _ = cast.To[Siginfo](b)
	_, _ = cast.Slice[PollFd](b)
	_, _ = cast.To[Iovec](b)
	_, _ = cast.To[Msghdr](b)
	_, _ = cast.To[Ucred](b)
	_ = cast.MustOverlay[Timespec]()
}
