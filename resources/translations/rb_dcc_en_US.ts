<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
  <context>
    <name>rb_dcc</name>
    <message>
      <source>the farm</source>
      <translation>the farm</translation>
    </message>
    <message>
      <source>Working…</source>
      <translation>Working…</translation>
    </message>
    <message>
      <source>Not signed in</source>
      <translation>Not signed in</translation>
    </message>
    <message>
      <source>No farm profile is chosen.</source>
      <translation>No farm profile is chosen.</translation>
    </message>
    <message>
      <source>Press Profile… to sign in, or use the local farm.</source>
      <translation>Press Profile… to sign in, or use the local farm.</translation>
    </message>
    <message>
      <source>Select a task first.</source>
      <translation>Select a task first.</translation>
    </message>
    <message>
      <source>(the farm has no log for this frame yet)</source>
      <translation>(the farm has no log for this frame yet)</translation>
    </message>
    <message>
      <source>Delete %s? The task and its frames are removed from the list.</source>
      <translation>Delete %s? The task and its frames are removed from the list.</translation>
    </message>
    <message>
      <source>Abandon %s? Rendering stops for good; it cannot be started again.</source>
      <translation>Abandon %s? Rendering stops for good; it cannot be started again.</translation>
    </message>
    <message>
      <source>Stopped %s.</source>
      <translation>Stopped %s.</translation>
    </message>
    <message>
      <source>Started %s.</source>
      <translation>Started %s.</translation>
    </message>
    <message>
      <source>Abandoned %s.</source>
      <translation>Abandoned %s.</translation>
    </message>
    <message>
      <source>Deleted %s.</source>
      <translation>Deleted %s.</translation>
    </message>
    <message>
      <source>Failed frames of %s sent again.</source>
      <translation>Failed frames of %s sent again.</translation>
    </message>
    <message>
      <source>Selected frames of %s sent again.</source>
      <translation>Selected frames of %s sent again.</translation>
    </message>
    <message>
      <source>%s renders at full speed.</source>
      <translation>%s renders at full speed.</translation>
    </message>
    <message>
      <source>Priority of %s changed.</source>
      <translation>Priority of %s changed.</translation>
    </message>
    <message>
      <source>Hardware of %s changed.</source>
      <translation>Hardware of %s changed.</translation>
    </message>
    <message>
      <source>Downloaded the outputs of %s to %s.</source>
      <translation>Downloaded the outputs of %s to %s.</translation>
    </message>
    <message>
      <source>Download of %s: %s</source>
      <translation>Download of %s: %s</translation>
    </message>
    <message>
      <source>Missing details</source>
      <translation>Missing details</translation>
    </message>
    <message>
      <source>Enter the farm address and the access id.</source>
      <translation>Enter the farm address and the access id.</translation>
    </message>
    <message>
      <source>Frames</source>
      <translation>Frames</translation>
    </message>
    <message>
      <source>Frames per machine</source>
      <translation>Frames per machine</translation>
    </message>
    <message>
      <source>Test frames</source>
      <translation>Test frames</translation>
    </message>
    <message>
      <source>Priority</source>
      <translation>Priority</translation>
    </message>
    <message>
      <source>Project</source>
      <translation>Project</translation>
    </message>
    <message>
      <source>Labels</source>
      <translation>Labels</translation>
    </message>
    <message>
      <source>Cameras</source>
      <translation>Cameras</translation>
    </message>
    <message>
      <source>Layers</source>
      <translation>Layers</translation>
    </message>
    <message>
      <source>Created the render environment %s.</source>
      <translation>Created the render environment %s.</translation>
    </message>
    <message>
      <source>Not signed in: press Profile… to choose a farm, or use the local farm.</source>
      <translation>Not signed in: press Profile… to choose a farm, or use the local farm.</translation>
    </message>
    <message>
      <source>No scene: open a scene file first.</source>
      <translation>No scene: open a scene file first.</translation>
    </message>
    <message>
      <source>Reading the scene…</source>
      <translation>Reading the scene…</translation>
    </message>
    <message>
      <source>Asking the farm for render environments and hardware…</source>
      <translation>Asking the farm for render environments and hardware…</translation>
    </message>
    <message>
      <source>Frames: the scene has no frame range; type one, e.g. 1-100.</source>
      <translation>Frames: the scene has no frame range; type one, e.g. 1-100.</translation>
    </message>
    <message>
      <source>Not submitted</source>
      <translation>Not submitted</translation>
    </message>
    <message>
      <source>The checks before upload found problems; see Problems.</source>
      <translation>The checks before upload found problems; see Problems.</translation>
    </message>
    <message>
      <source>Submitted task %s.</source>
      <translation>Submitted task %s.</translation>
    </message>
    <message>
      <source>The scene could not be read: %s</source>
      <translation>The scene could not be read: %s</translation>
    </message>
    <message>
      <source>%d files are missing: find them, or tick "Submit without the missing files".</source>
      <translation>%d files are missing: find them, or tick "Submit without the missing files".</translation>
    </message>
    <message>
      <source>%d problems must be fixed first (see Problems).</source>
      <translation>%d problems must be fixed first (see Problems).</translation>
    </message>
    <message>
      <source>No render environment fits this scene: pick one, or create the proposed one.</source>
      <translation>No render environment fits this scene: pick one, or create the proposed one.</translation>
    </message>
    <message>
      <source>No hardware configuration fits: pick one from the list.</source>
      <translation>No hardware configuration fits: pick one from the list.</translation>
    </message>
    <message>
      <source>Render environment not chosen yet.</source>
      <translation>Render environment not chosen yet.</translation>
    </message>
    <message>
      <source>The farm's render environments could not be loaded: %s</source>
      <translation>The farm's render environments could not be loaded: %s</translation>
    </message>
    <message>
      <source>The render environment %s does not exist yet: press "Create this env".</source>
      <translation>The render environment %s does not exist yet: press "Create this env".</translation>
    </message>
    <message>
      <source>Something went wrong</source>
      <translation>Something went wrong</translation>
    </message>
    <message>
      <source>Cancelled</source>
      <translation>Cancelled</translation>
    </message>
    <message>
      <source>Stopped before the end; nothing more was sent.</source>
      <translation>Stopped before the end; nothing more was sent.</translation>
    </message>
    <message>
      <source>Sign-in refused</source>
      <translation>Sign-in refused</translation>
    </message>
    <message>
      <source>Open Profile… and enter the key again.</source>
      <translation>Open Profile… and enter the key again.</translation>
    </message>
    <message>
      <source>Farm unreachable</source>
      <translation>Farm unreachable</translation>
    </message>
    <message>
      <source>Check the network, or that the local farm is running, then press Retry.</source>
      <translation>Check the network, or that the local farm is running, then press Retry.</translation>
    </message>
    <message>
      <source>Not found</source>
      <translation>Not found</translation>
    </message>
    <message>
      <source>It may have been deleted; refresh the list.</source>
      <translation>It may have been deleted; refresh the list.</translation>
    </message>
    <message>
      <source>The farm said no</source>
      <translation>The farm said no</translation>
    </message>
    <message>
      <source>Settings problem</source>
      <translation>Settings problem</translation>
    </message>
    <message>
      <source>Cannot read the scene</source>
      <translation>Cannot read the scene</translation>
    </message>
    <message>
      <source>Check the file opens in its application.</source>
      <translation>Check the file opens in its application.</translation>
    </message>
    <message>
      <source>Invalid setting</source>
      <translation>Invalid setting</translation>
    </message>
    <message>
      <source>File not found</source>
      <translation>File not found</translation>
    </message>
    <message>
      <source>Permission denied</source>
      <translation>Permission denied</translation>
    </message>
    <message>
      <source>Choose a folder you can write to.</source>
      <translation>Choose a folder you can write to.</translation>
    </message>
    <message>
      <source>Disk error</source>
      <translation>Disk error</translation>
    </message>
    <message>
      <source>The farm did not accept the access id and key: %s</source>
      <translation>The farm did not accept the access id and key: %s</translation>
    </message>
    <message>
      <source>Cannot reach %s.</source>
      <translation>Cannot reach %s.</translation>
    </message>
    <message>
      <source>%s does not exist.</source>
      <translation>%s does not exist.</translation>
    </message>
    <message>
      <source>No permission to use %s.</source>
      <translation>No permission to use %s.</translation>
    </message>
    <message>
      <source>%dh %02dm</source>
      <translation>%dh %02dm</translation>
    </message>
    <message>
      <source>Status %d</source>
      <translation>Status %d</translation>
    </message>
    <message>
      <source>%ds</source>
      <translation>%ds</translation>
    </message>
    <message>
      <source>%dm %02ds</source>
      <translation>%dm %02ds</translation>
    </message>
    <message>
      <source>Renderbus profile</source>
      <translation>Renderbus profile</translation>
    </message>
    <message>
      <source>Sign in with the access id and key from your Renderbus account page (User centre → API). The key is kept in the system keyring.</source>
      <translation>Sign in with the access id and key from your Renderbus account page (User centre → API). The key is kept in the system keyring.</translation>
    </message>
    <message>
      <source>Saved profiles</source>
      <translation>Saved profiles</translation>
    </message>
    <message>
      <source>Profile name</source>
      <translation>Profile name</translation>
    </message>
    <message>
      <source>Farm address</source>
      <translation>Farm address</translation>
    </message>
    <message>
      <source>The platform number shown on your account page, e.g. 2</source>
      <translation>The platform number shown on your account page, e.g. 2</translation>
    </message>
    <message>
      <source>Platform</source>
      <translation>Platform</translation>
    </message>
    <message>
      <source>Protocol</source>
      <translation>Protocol</translation>
    </message>
    <message>
      <source>Access id</source>
      <translation>Access id</translation>
    </message>
    <message>
      <source>leave empty to keep the saved key</source>
      <translation>leave empty to keep the saved key</translation>
    </message>
    <message>
      <source>Access key</source>
      <translation>Access key</translation>
    </message>
    <message>
      <source>Use the local farm</source>
      <translation>Use the local farm</translation>
    </message>
    <message>
      <source>A farm on this computer for trying things out: no account needed</source>
      <translation>A farm on this computer for trying things out: no account needed</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>Close</translation>
    </message>
    <message>
      <source>Sign in</source>
      <translation>Sign in</translation>
    </message>
    <message>
      <source>(new profile)</source>
      <translation>(new profile)</translation>
    </message>
    <message>
      <source>Checking with the farm…</source>
      <translation>Checking with the farm…</translation>
    </message>
    <message>
      <source>Filter by task id, scene, layer or project</source>
      <translation>Filter by task id, scene, layer or project</translation>
    </message>
    <message>
      <source>Refresh</source>
      <translation>Refresh</translation>
    </message>
    <message>
      <source>Auto-refresh</source>
      <translation>Auto-refresh</translation>
    </message>
    <message>
      <source>Previous page</source>
      <translation>Previous page</translation>
    </message>
    <message>
      <source>Next page</source>
      <translation>Next page</translation>
    </message>
    <message>
      <source>Load more</source>
      <translation>Load more</translation>
    </message>
    <message>
      <source>Select a task to see its frames.</source>
      <translation>Select a task to see its frames.</translation>
    </message>
    <message>
      <source>Set priority</source>
      <translation>Set priority</translation>
    </message>
    <message>
      <source>Change hardware</source>
      <translation>Change hardware</translation>
    </message>
    <message>
      <source>Download outputs</source>
      <translation>Download outputs</translation>
    </message>
    <message>
      <source>Open folder</source>
      <translation>Open folder</translation>
    </message>
    <message>
      <source>Keep downloading as frames finish</source>
      <translation>Keep downloading as frames finish</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Cancel</translation>
    </message>
    <message>
      <source>Select a frame to read its render log.</source>
      <translation>Select a frame to read its render log.</translation>
    </message>
    <message>
      <source>Render log</source>
      <translation>Render log</translation>
    </message>
    <message>
      <source>Select a finished frame to see it.</source>
      <translation>Select a finished frame to see it.</translation>
    </message>
    <message>
      <source>No progress picture yet.</source>
      <translation>No progress picture yet.</translation>
    </message>
    <message>
      <source>Pictures</source>
      <translation>Pictures</translation>
    </message>
    <message>
      <source>Delete</source>
      <translation>Delete</translation>
    </message>
    <message>
      <source>Abandon</source>
      <translation>Abandon</translation>
    </message>
    <message>
      <source>Please confirm</source>
      <translation>Please confirm</translation>
    </message>
    <message>
      <source>Stop</source>
      <translation>Stop</translation>
    </message>
    <message>
      <source>Stop rendering; start it again later</source>
      <translation>Stop rendering; start it again later</translation>
    </message>
    <message>
      <source>Start</source>
      <translation>Start</translation>
    </message>
    <message>
      <source>Start a stopped task again</source>
      <translation>Start a stopped task again</translation>
    </message>
    <message>
      <source>Retry failed</source>
      <translation>Retry failed</translation>
    </message>
    <message>
      <source>Render the failed frames again</source>
      <translation>Render the failed frames again</translation>
    </message>
    <message>
      <source>Retry selected frames</source>
      <translation>Retry selected frames</translation>
    </message>
    <message>
      <source>Render the frames selected below again</source>
      <translation>Render the frames selected below again</translation>
    </message>
    <message>
      <source>Full speed</source>
      <translation>Full speed</translation>
    </message>
    <message>
      <source>After test frames: render everything now</source>
      <translation>After test frames: render everything now</translation>
    </message>
    <message>
      <source>Give up this task for good</source>
      <translation>Give up this task for good</translation>
    </message>
    <message>
      <source>Remove the task from the farm</source>
      <translation>Remove the task from the farm</translation>
    </message>
    <message>
      <source>Hardware</source>
      <translation>Hardware</translation>
    </message>
    <message>
      <source>Frame</source>
      <translation>Frame</translation>
    </message>
    <message>
      <source>Task progress</source>
      <translation>Task progress</translation>
    </message>
    <message>
      <source>%d tasks</source>
      <translation>%d tasks</translation>
    </message>
    <message>
      <source>%d–%d of %d tasks</source>
      <translation>%d–%d of %d tasks</translation>
    </message>
    <message>
      <source>Refreshing…</source>
      <translation>Refreshing…</translation>
    </message>
    <message>
      <source>Render failed</source>
      <translation>Render failed</translation>
    </message>
    <message>
      <source>Render finished</source>
      <translation>Render finished</translation>
    </message>
    <message>
      <source>(%d loaded)</source>
      <translation>(%d loaded)</translation>
    </message>
    <message>
      <source>Loading tasks…</source>
      <translation>Loading tasks…</translation>
    </message>
    <message>
      <source>Keep it</source>
      <translation>Keep it</translation>
    </message>
    <message>
      <source>%s of %s · %s</source>
      <translation>%s of %s · %s</translation>
    </message>
    <message>
      <source>Saved in %s</source>
      <translation>Saved in %s</translation>
    </message>
    <message>
      <source>%s: %s</source>
      <translation>%s: %s</translation>
    </message>
    <message>
      <source>Done with failures</source>
      <translation>Done with failures</translation>
    </message>
    <message>
      <source>Test frames done</source>
      <translation>Test frames done</translation>
    </message>
    <message>
      <source>Retry</source>
      <translation>Retry</translation>
    </message>
    <message>
      <source>The task list could not be loaded; see the message above.</source>
      <translation>The task list could not be loaded; see the message above.</translation>
    </message>
    <message>
      <source>Nothing downloaded yet for this task: %s does not exist.</source>
      <translation>Nothing downloaded yet for this task: %s does not exist.</translation>
    </message>
    <message>
      <source>%d of %d frames done</source>
      <translation>%d of %d frames done</translation>
    </message>
    <message>
      <source>Profile…</source>
      <translation>Profile…</translation>
    </message>
    <message>
      <source>No task matches the filter.</source>
      <translation>No task matches the filter.</translation>
    </message>
    <message>
      <source>No tasks yet. Submit a scene from the Submit tab.</source>
      <translation>No tasks yet. Submit a scene from the Submit tab.</translation>
    </message>
    <message>
      <source>Renderbus</source>
      <translation>Renderbus</translation>
    </message>
    <message>
      <source>Copy diagnostics</source>
      <translation>Copy diagnostics</translation>
    </message>
    <message>
      <source>Copy versions and settings (no keys) for a support request</source>
      <translation>Copy versions and settings (no keys) for a support request</translation>
    </message>
    <message>
      <source>Submit</source>
      <translation>Submit</translation>
    </message>
    <message>
      <source>Monitor</source>
      <translation>Monitor</translation>
    </message>
    <message>
      <source>Diagnostics copied to the clipboard.</source>
      <translation>Diagnostics copied to the clipboard.</translation>
    </message>
    <message>
      <source>Open a scene file</source>
      <translation>Open a scene file</translation>
    </message>
    <message>
      <source>Connecting…</source>
      <translation>Connecting…</translation>
    </message>
    <message>
      <source>Farm: %s</source>
      <translation>Farm: %s</translation>
    </message>
    <message>
      <source>Farm: local farm on this computer (%s)</source>
      <translation>Farm: local farm on this computer (%s)</translation>
    </message>
    <message>
      <source>profile %s</source>
      <translation>profile %s</translation>
    </message>
    <message>
      <source>Scene</source>
      <translation>Scene</translation>
    </message>
    <message>
      <source>Open scene…</source>
      <translation>Open scene…</translation>
    </message>
    <message>
      <source>Read again</source>
      <translation>Read again</translation>
    </message>
    <message>
      <source>Files the scene uses</source>
      <translation>Files the scene uses</translation>
    </message>
    <message>
      <source>Missing only</source>
      <translation>Missing only</translation>
    </message>
    <message>
      <source>Double-click a file to select its node in the scene.</source>
      <translation>Double-click a file to select its node in the scene.</translation>
    </message>
    <message>
      <source>Problems</source>
      <translation>Problems</translation>
    </message>
    <message>
      <source>No problems found.</source>
      <translation>No problems found.</translation>
    </message>
    <message>
      <source>Where it renders</source>
      <translation>Where it renders</translation>
    </message>
    <message>
      <source>Create this env</source>
      <translation>Create this env</translation>
    </message>
    <message>
      <source>Job settings</source>
      <translation>Job settings</translation>
    </message>
    <message>
      <source>e.g. 1-100 or 1,5,10-20</source>
      <translation>e.g. 1-100 or 1,5,10-20</translation>
    </message>
    <message>
      <source>step </source>
      <translation>step </translation>
    </message>
    <message>
      <source>first, middle, last — or frame numbers</source>
      <translation>first, middle, last — or frame numbers</translation>
    </message>
    <message>
      <source>Wait after the test</source>
      <translation>Wait after the test</translation>
    </message>
    <message>
      <source>Test frames first</source>
      <translation>Test frames first</translation>
    </message>
    <message>
      <source>comma separated</source>
      <translation>comma separated</translation>
    </message>
    <message>
      <source>where downloaded frames go</source>
      <translation>where downloaded frames go</translation>
    </message>
    <message>
      <source>Output folder</source>
      <translation>Output folder</translation>
    </message>
    <message>
      <source>Submit is not possible yet:</source>
      <translation>Submit is not possible yet:</translation>
    </message>
    <message>
      <source>Submit without the missing files</source>
      <translation>Submit without the missing files</translation>
    </message>
    <message>
      <source>%d files · %s</source>
      <translation>%d files · %s</translation>
    </message>
    <message>
      <source>Checking</source>
      <translation>Checking</translation>
    </message>
    <message>
      <source>Preparing</source>
      <translation>Preparing</translation>
    </message>
    <message>
      <source>Creating the task</source>
      <translation>Creating the task</translation>
    </message>
    <message>
      <source>Sending job files</source>
      <translation>Sending job files</translation>
    </message>
    <message>
      <source>Uploading</source>
      <translation>Uploading</translation>
    </message>
    <message>
      <source>Starting the render</source>
      <translation>Starting the render</translation>
    </message>
    <message>
      <source>Done</source>
      <translation>Done</translation>
    </message>
    <message>
      <source>File</source>
      <translation>File</translation>
    </message>
    <message>
      <source>Application</source>
      <translation>Application</translation>
    </message>
    <message>
      <source>Renderer</source>
      <translation>Renderer</translation>
    </message>
    <message>
      <source>Plugins</source>
      <translation>Plugins</translation>
    </message>
    <message>
      <source>Output</source>
      <translation>Output</translation>
    </message>
    <message>
      <source>Resolution</source>
      <translation>Resolution</translation>
    </message>
    <message>
      <source>Render environment</source>
      <translation>Render environment</translation>
    </message>
    <message>
      <source>Browse…</source>
      <translation>Browse…</translation>
    </message>
    <message>
      <source>(not found)</source>
      <translation>(not found)</translation>
    </message>
    <message>
      <source>none</source>
      <translation>none</translation>
    </message>
    <message>
      <source>(default)</source>
      <translation>(default)</translation>
    </message>
    <message>
      <source> — does not fit</source>
      <translation> — does not fit</translation>
    </message>
    <message>
      <source>%d frames on up to %d machines</source>
      <translation>%d frames on up to %d machines</translation>
    </message>
    <message>
      <source>Save and submit</source>
      <translation>Save and submit</translation>
    </message>
    <message>
      <source>(no scene open)</source>
      <translation>(no scene open)</translation>
    </message>
    <message>
      <source>%s (%d frames)</source>
      <translation>%s (%d frames)</translation>
    </message>
    <message>
      <source>%d missing</source>
      <translation>%d missing</translation>
    </message>
    <message>
      <source>%s cannot be selected here (no host application is running).</source>
      <translation>%s cannot be selected here (no host application is running).</translation>
    </message>
    <message>
      <source> (new)</source>
      <translation> (new)</translation>
    </message>
    <message>
      <source> — closest</source>
      <translation> — closest</translation>
    </message>
    <message>
      <source>Problems (%d)</source>
      <translation>Problems (%d)</translation>
    </message>
    <message>
      <source>Asking the farm…</source>
      <translation>Asking the farm…</translation>
    </message>
    <message>
      <source>Submitting…</source>
      <translation>Submitting…</translation>
    </message>
    <message>
      <source>%d of %d files</source>
      <translation>%d of %d files</translation>
    </message>
    <message>
      <source>%s of %s</source>
      <translation>%s of %s</translation>
    </message>
    <message>
      <source>%s left</source>
      <translation>%s left</translation>
    </message>
    <message>
      <source>OK</source>
      <translation>OK</translation>
    </message>
    <message>
      <source>about %s</source>
      <translation>about %s</translation>
    </message>
    <message>
      <source>estimated cost %s</source>
      <translation>estimated cost %s</translation>
    </message>
    <message>
      <source>Creating the render environment…</source>
      <translation>Creating the render environment…</translation>
    </message>
    <message>
      <source>Submitted</source>
      <translation>Submitted</translation>
    </message>
    <message>
      <source> (off)</source>
      <translation> (off)</translation>
    </message>
    <message>
      <source>Resume</source>
      <translation>Resume</translation>
    </message>
    <message>
      <source>Try again</source>
      <translation>Try again</translation>
    </message>
    <message>
      <source>Show in Monitor</source>
      <translation>Show in Monitor</translation>
    </message>
    <message>
      <source>Waiting</source>
      <translation>Waiting</translation>
    </message>
    <message>
      <source>Rendering</source>
      <translation>Rendering</translation>
    </message>
    <message>
      <source>Pre-processing</source>
      <translation>Pre-processing</translation>
    </message>
    <message>
      <source>Stopped</source>
      <translation>Stopped</translation>
    </message>
    <message>
      <source>Stopped (arrears)</source>
      <translation>Stopped (arrears)</translation>
    </message>
    <message>
      <source>Stopped (timeout)</source>
      <translation>Stopped (timeout)</translation>
    </message>
    <message>
      <source>Abandoned</source>
      <translation>Abandoned</translation>
    </message>
    <message>
      <source>Failed</source>
      <translation>Failed</translation>
    </message>
    <message>
      <source>Analysing</source>
      <translation>Analysing</translation>
    </message>
    <message>
      <source>Submitting</source>
      <translation>Submitting</translation>
    </message>
    <message>
      <source>Submit failed</source>
      <translation>Submit failed</translation>
    </message>
    <message>
      <source>Done with stopped frames</source>
      <translation>Done with stopped frames</translation>
    </message>
    <message>
      <source>Updating</source>
      <translation>Updating</translation>
    </message>
    <message>
      <source>Waiting (pre-process)</source>
      <translation>Waiting (pre-process)</translation>
    </message>
    <message>
      <source>Waiting (photon frame)</source>
      <translation>Waiting (photon frame)</translation>
    </message>
    <message>
      <source>Waiting (photon job)</source>
      <translation>Waiting (photon job)</translation>
    </message>
    <message>
      <source>Waiting (simulation)</source>
      <translation>Waiting (simulation)</translation>
    </message>
    <message>
      <source>Waiting (secondary)</source>
      <translation>Waiting (secondary)</translation>
    </message>
    <message>
      <source>Task</source>
      <translation>Task</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>Status</translation>
    </message>
    <message>
      <source>Progress</source>
      <translation>Progress</translation>
    </message>
    <message>
      <source>Done / failed / total</source>
      <translation>Done / failed / total</translation>
    </message>
    <message>
      <source>Cost</source>
      <translation>Cost</translation>
    </message>
    <message>
      <source>Duration</source>
      <translation>Duration</translation>
    </message>
    <message>
      <source>Layer</source>
      <translation>Layer</translation>
    </message>
    <message>
      <source>Render time</source>
      <translation>Render time</translation>
    </message>
    <message>
      <source>Started</source>
      <translation>Started</translation>
    </message>
    <message>
      <source>Retries</source>
      <translation>Retries</translation>
    </message>
    <message>
      <source>State</source>
      <translation>State</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>Kind</translation>
    </message>
    <message>
      <source>Size</source>
      <translation>Size</translation>
    </message>
    <message>
      <source>Node</source>
      <translation>Node</translation>
    </message>
    <message>
      <source>Severity</source>
      <translation>Severity</translation>
    </message>
    <message>
      <source>Problem</source>
      <translation>Problem</translation>
    </message>
    <message>
      <source>What to do</source>
      <translation>What to do</translation>
    </message>
    <message>
      <source>Packed</source>
      <translation>Packed</translation>
    </message>
    <message>
      <source>Found</source>
      <translation>Found</translation>
    </message>
    <message>
      <source>Missing</source>
      <translation>Missing</translation>
    </message>
    <message>
      <source>Error</source>
      <translation>Error</translation>
    </message>
    <message>
      <source>Warning</source>
      <translation>Warning</translation>
    </message>
    <message>
      <source>Notice</source>
      <translation>Notice</translation>
    </message>
    <message>
      <source>Texture</source>
      <translation>Texture</translation>
    </message>
    <message>
      <source>Cache</source>
      <translation>Cache</translation>
    </message>
    <message>
      <source>Reference</source>
      <translation>Reference</translation>
    </message>
    <message>
      <source>Library</source>
      <translation>Library</translation>
    </message>
    <message>
      <source>Hda</source>
      <translation>Hda</translation>
    </message>
    <message>
      <source>Volume</source>
      <translation>Volume</translation>
    </message>
    <message>
      <source>Proxy</source>
      <translation>Proxy</translation>
    </message>
    <message>
      <source>Sound</source>
      <translation>Sound</translation>
    </message>
    <message>
      <source>Movie</source>
      <translation>Movie</translation>
    </message>
    <message>
      <source>Font</source>
      <translation>Font</translation>
    </message>
    <message>
      <source>Ies</source>
      <translation>Ies</translation>
    </message>
    <message>
      <source>Color</source>
      <translation>Color</translation>
    </message>
    <message>
      <source>Script</source>
      <translation>Script</translation>
    </message>
    <message>
      <source>Other</source>
      <translation>Other</translation>
    </message>
    <message>
      <source>All tasks</source>
      <translation>All tasks</translation>
    </message>
    <message>
      <source>Waiting or rendering</source>
      <translation>Waiting or rendering</translation>
    </message>
    <message>
      <source>Failed or with failed frames</source>
      <translation>Failed or with failed frames</translation>
    </message>
    <message>
      <source>Stopped or abandoned</source>
      <translation>Stopped or abandoned</translation>
    </message>
    <message>
      <source>Retry failed frames</source>
      <translation>Retry failed frames</translation>
    </message>
    <message>
      <source>Change priority</source>
      <translation>Change priority</translation>
    </message>
  </context>
</TS>
