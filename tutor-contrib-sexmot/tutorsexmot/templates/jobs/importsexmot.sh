# Import the courses of "Sex mot ersättning" with the CMS's own import command.
# Arguments: course tarballs inside this container; none means the ones the plugin copied into the image.
if ! python -c "import sexmot_xblocks.command_line.course_tarballs" 2>/dev/null; then
    echo "ERROR: sexmot-xblocks is not installed in this Open edX image."
    echo "       Run 'tutor plugins enable sexmot' and 'tutor images build openedx', then restart the platform."
    exit 1
fi
workdir="$(mktemp -d /tmp/sexmot-import.XXXXXX)"
python -m sexmot_xblocks.command_line.course_tarballs "$workdir" --bundled /openedx/sexmot-courses "$@"
for data_dir in "$workdir"/*/; do
    echo "INFO: importing $data_dir"
    ./manage.py cms import "$data_dir" course
done
rm -rf "$workdir"
echo "INFO: import done. The courses are listed in Studio; course staff are added under Settings > Course team."
