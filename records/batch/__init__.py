"""Clinic batches: a spreadsheet of clients in, a print-ready stack and packets out.

    CSV/XLSX bytes --reader.read_sheet--> Sheet (rows as text, file warnings)
        --rows.check--> [Item] (all or nothing: RowErrors names each row and field)
        --render.render_letters--> {row: Rendered} (chunks in worker processes, resumable)
        --outputs.write_outputs--> the stack PDF, the ZIP, the manifest, portal and client packets

The pipeline (records.batch.pipeline.run) ties them together for the command line and the
job queue (records.jobs). Nothing here imports Flask.
"""
