// Command ferretdb runs FerretDB v1 (MongoDB wire protocol over SQLite) for leadq's tests and
// benchmarks. It embeds the `ferretdb` package instead of building FerretDB's own command: that
// command panics when built with `go install` because its version file is not in the module zip,
// and the check only applies when FerretDB itself is the main module.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "TCP address to listen on (port 0: chosen by the OS)")
	dataDir := flag.String("data-dir", "", "directory of the SQLite databases (required)")
	logLevel := flag.String("log-level", "error", "debug, info, warn or error")
	flag.Parse()

	if *dataDir == "" {
		fmt.Fprintln(os.Stderr, "ferretdb: --data-dir is required")
		os.Exit(2)
	}
	dir, err := filepath.Abs(*dataDir)
	if err == nil {
		err = os.MkdirAll(dir, 0o700)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb: data dir %q: %v\n", *dataDir, err)
		os.Exit(1)
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb: --log-level: %v\n", err)
		os.Exit(2)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listen},
		Logger:    logger,
		Handler:   "sqlite",
		// BEGIN IMMEDIATE: a writer waits for the lock (busy_timeout) instead of failing with
		// SQLITE_BUSY when its read transaction cannot be upgraded under concurrent writes.
		SQLiteURL: "file:" + dir + "/?_txlock=immediate",
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb: %v\n", err)
		os.Exit(1)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = f.Run(ctx)
	}()

	// MongoDBURI waits until the listener is bound, so the printed port is the real one.
	fmt.Printf("ferretdb ready %s\n", f.MongoDBURI())
	<-done
}
