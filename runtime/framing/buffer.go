package framing

import (
	"errors"
	"io"
)

// maxEmptyReads is how many consecutive (0, nil) reads fill tolerates before
// giving up with io.ErrNoProgress, as bufio.Reader does.
const maxEmptyReads = 100

// initialBufSize is the first allocation of a reader's buffer.
const initialBufSize = 4096

// errFull is fill's report that the current frame already occupies the
// frame size limit and needs more.
var errFull = errors.New("framing: frame fills the size limit")

// errBadCount reports an io.Reader that returned an impossible count.
var errBadCount = errors.New("framing: underlying reader returned an invalid count")

// inbuf is the read buffer shared by the readers: buf[r:w] holds received
// octets not yet consumed, the first of which sits at stream offset off.
type inbuf struct {
	rd   io.Reader
	buf  []byte
	r, w int
	off  int64
	max  int   // largest frame (including any prefix) the reader accepts
	err  error // read error held back until buffered octets are used
}

func (b *inbuf) reset(rd io.Reader) {
	b.rd = rd
	b.r, b.w = 0, 0
	b.off = 0
	b.err = nil
}

// buffered returns the number of unconsumed octets.
func (b *inbuf) buffered() int { return b.w - b.r }

// bytes returns the unconsumed octets. The slice aliases the buffer.
func (b *inbuf) bytes() []byte { return b.buf[b.r:b.w] }

// discard consumes n buffered octets.
func (b *inbuf) discard(n int) {
	b.r += n
	b.off += int64(n)
	if b.r == b.w {
		b.r, b.w = 0, 0
	}
}

// fill reads at least one more octet. It must only be called while the
// current frame is incomplete, so that every buffered octet belongs to it;
// limit is the most octets the frame may occupy, and errFull is returned when
// that many are already buffered. The buffer grows only when it is full of
// received octets, doubling up to b.max, so its size never depends on a
// length the peer merely claims.
func (b *inbuf) fill(limit int) error {
	if b.buffered() >= limit {
		return errFull
	}
	if b.err != nil {
		err := b.err
		if err != io.EOF {
			b.err = nil
		}
		return err
	}
	if b.w == len(b.buf) {
		if b.r > 0 {
			copy(b.buf, b.buf[b.r:b.w])
			b.w -= b.r
			b.r = 0
		} else {
			n := 2 * len(b.buf)
			if n < initialBufSize {
				n = initialBufSize
			}
			if n > b.max {
				n = b.max
			}
			nb := make([]byte, n)
			copy(nb, b.buf[:b.w])
			b.buf = nb
		}
	}
	for range maxEmptyReads {
		n, err := b.rd.Read(b.buf[b.w:])
		if n < 0 || n > len(b.buf)-b.w {
			return errBadCount
		}
		b.w += n
		if err != nil {
			if n > 0 {
				b.err = err
				return nil
			}
			if err != io.EOF {
				return err
			}
			b.err = err
			return err
		}
		if n > 0 {
			return nil
		}
	}
	return io.ErrNoProgress
}
