package dev.dicomcmk.cli;

import dev.dicomcmk.app.FleetCheck;

/** validate-key --all's progress on the terminal's progress line, and each unreadable service on stderr. */
final class FleetCheckListener implements FleetCheck.Listener {

    private final DicomCmkCommand root;

    FleetCheckListener(DicomCmkCommand root) {
        this.root = root;
    }

    @Override
    public void step(String status) {
        root.progress().step(status);
    }

    @Override
    public void update(String status) {
        root.progress().update(status);
    }

    @Override
    public void unreadable(String line) {
        root.environment().err().println(line);
        root.environment().err().flush();
    }

    /** Said on stderr when the fleet held no service with a customer-managed key: nothing was checked. */
    void nothingChecked(String where) {
        root.environment().err().println("dicom-cmk validate-key: no DICOM service with a customer-managed key " + where
                + " (nothing checked)");
        root.environment().err().flush();
    }
}
