//go:build linux && (amd64 || arm64 || 386 || arm || riscv64 || loong64)

package main

import (
	"os"
	"strconv"
	"syscall"
	"unsafe"
)

// Linux's O_TMPFILE (with its O_DIRECTORY), AT_FDCWD and AT_SYMLINK_FOLLOW,
// which package syscall does not export on every architecture.
const (
	oTmpfile        = 0x400000 | syscall.O_DIRECTORY
	atFDCWD         = -100
	atSymlinkFollow = 0x400
)

// openUnnamed opens a new file without a name in directory dir (Linux's
// O_TMPFILE), which disappears with the process however it ends, until
// linkUnnamed gives it one. It returns nil where the file system does not
// support it.
func openUnnamed(dir string) *os.File {
	if !useUnnamed {
		return nil
	}
	if _, err := os.Stat("/proc/self/fd"); err != nil {
		return nil // linkUnnamed needs /proc
	}
	fd, err := syscall.Open(dir, oTmpfile|syscall.O_WRONLY|syscall.O_CLOEXEC, 0o600)
	if err != nil {
		return nil
	}
	return os.NewFile(uintptr(fd), dir)
}

// linkUnnamed gives the file f of openUnnamed the name path, which must
// not exist.
func linkUnnamed(f *os.File, path string) error {
	from, err := syscall.BytePtrFromString("/proc/self/fd/" + strconv.Itoa(int(f.Fd())))
	if err != nil {
		return err
	}
	to, err := syscall.BytePtrFromString(path)
	if err != nil {
		return err
	}
	cwd := atFDCWD
	_, _, e := syscall.Syscall6(syscall.SYS_LINKAT, uintptr(cwd), uintptr(unsafe.Pointer(from)),
		uintptr(cwd), uintptr(unsafe.Pointer(to)), atSymlinkFollow, 0)
	if e != 0 {
		return &os.LinkError{Op: "link", Old: f.Name(), New: path, Err: e}
	}
	return nil
}
