//go:build !linux

package bench

import "errors"

var errPageCache = errors.New("the page cache is read and dropped on Linux only")

func cachedMB(string) (float64, error) { return 0, errPageCache }

func dropCached(string) error { return errPageCache }
