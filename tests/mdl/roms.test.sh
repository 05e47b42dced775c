# `wirewrap roms scan` identifies the SeaBIOS image of the Debian package by hash.
cd "$(dirname "$0")/../.." || exit 1
bin=${WIREWRAP_BIN:-build/release/wirewrap}
[ -f /usr/share/seabios/bios-256k.bin ] || { echo "Debian package seabios not installed"; exit 77; }
out=$("$bin" roms scan /usr/share/seabios 2>&1) || { echo "$out"; exit 1; }
case "$out" in
*"/usr/share/seabios/bios-256k.bin: seabios-256k"*) ;;
*) echo "bios-256k.bin not identified (Debian updated SeaBIOS? update roms.txt):"; echo "$out"; exit 1 ;;
esac
n=$(grep -c '^[a-z0-9]' roms.txt)
[ "$n" -ge 20 ] || { echo "roms.txt lists $n ROMs, expected at least 20"; exit 1; }
"$bin" roms >/dev/null 2>&1; [ $? -eq 2 ] || { echo "roms without arguments should exit 2"; exit 1; }
exit 0
