//go:build race

package wilson

// raceEnabled is true in a build with -race.
const raceEnabled = true
