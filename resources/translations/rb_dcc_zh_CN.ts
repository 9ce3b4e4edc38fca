<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>rb_dcc</name>
    <message>
      <source>the farm</source>
      <translation>渲染农场</translation>
    </message>
    <message>
      <source>Working…</source>
      <translation>正在处理…</translation>
    </message>
    <message>
      <source>Not signed in</source>
      <translation>未登录</translation>
    </message>
    <message>
      <source>No farm profile is chosen.</source>
      <translation>尚未选择农场配置。</translation>
    </message>
    <message>
      <source>Press Profile… to sign in, or use the local farm.</source>
      <translation>点击“配置…”登录，或使用本地农场。</translation>
    </message>
    <message>
      <source>Select a task first.</source>
      <translation>请先选择一个任务。</translation>
    </message>
    <message>
      <source>(the farm has no log for this frame yet)</source>
      <translation>（农场暂时没有这一帧的日志）</translation>
    </message>
    <message>
      <source>Delete %s? The task and its frames are removed from the list.</source>
      <translation>删除 %s？任务及其所有帧将从列表中移除。</translation>
    </message>
    <message>
      <source>Abandon %s? Rendering stops for good; it cannot be started again.</source>
      <translation>放弃 %s？渲染将永久停止，且无法再次开始。</translation>
    </message>
    <message>
      <source>Stopped %s.</source>
      <translation>已停止 %s。</translation>
    </message>
    <message>
      <source>Started %s.</source>
      <translation>已开始 %s。</translation>
    </message>
    <message>
      <source>Abandoned %s.</source>
      <translation>已放弃 %s。</translation>
    </message>
    <message>
      <source>Deleted %s.</source>
      <translation>已删除 %s。</translation>
    </message>
    <message>
      <source>Failed frames of %s sent again.</source>
      <translation>%s 的失败帧已重新提交。</translation>
    </message>
    <message>
      <source>Selected frames of %s sent again.</source>
      <translation>%s 的所选帧已重新提交。</translation>
    </message>
    <message>
      <source>%s renders at full speed.</source>
      <translation>%s 正在全速渲染。</translation>
    </message>
    <message>
      <source>Priority of %s changed.</source>
      <translation>%s 的优先级已修改。</translation>
    </message>
    <message>
      <source>Hardware of %s changed.</source>
      <translation>%s 的硬件配置已修改。</translation>
    </message>
    <message>
      <source>Downloaded the outputs of %s to %s.</source>
      <translation>%s 的渲染结果已下载到 %s。</translation>
    </message>
    <message>
      <source>Download of %s: %s</source>
      <translation>下载 %s：%s</translation>
    </message>
    <message>
      <source>Missing details</source>
      <translation>信息不完整</translation>
    </message>
    <message>
      <source>Enter the farm address and the access id.</source>
      <translation>请输入农场地址和 Access ID。</translation>
    </message>
    <message>
      <source>Frames</source>
      <translation>帧范围</translation>
    </message>
    <message>
      <source>Frames per machine</source>
      <translation>每台机器帧数</translation>
    </message>
    <message>
      <source>Test frames</source>
      <translation>测试帧</translation>
    </message>
    <message>
      <source>Priority</source>
      <translation>优先级</translation>
    </message>
    <message>
      <source>Project</source>
      <translation>项目</translation>
    </message>
    <message>
      <source>Labels</source>
      <translation>标签</translation>
    </message>
    <message>
      <source>Cameras</source>
      <translation>相机</translation>
    </message>
    <message>
      <source>Layers</source>
      <translation>渲染层</translation>
    </message>
    <message>
      <source>Created the render environment %s.</source>
      <translation>已创建渲染环境 %s。</translation>
    </message>
    <message>
      <source>Not signed in: press Profile… to choose a farm, or use the local farm.</source>
      <translation>未登录：点击“配置…”选择农场，或使用本地农场。</translation>
    </message>
    <message>
      <source>No scene: open a scene file first.</source>
      <translation>没有场景：请先打开一个场景文件。</translation>
    </message>
    <message>
      <source>Reading the scene…</source>
      <translation>正在读取场景…</translation>
    </message>
    <message>
      <source>Asking the farm for render environments and hardware…</source>
      <translation>正在向农场查询渲染环境和硬件配置…</translation>
    </message>
    <message>
      <source>Frames: the scene has no frame range; type one, e.g. 1-100.</source>
      <translation>帧范围：场景中没有帧范围，请输入，例如 1-100。</translation>
    </message>
    <message>
      <source>Not submitted</source>
      <translation>未提交</translation>
    </message>
    <message>
      <source>The checks before upload found problems; see Problems.</source>
      <translation>上传前的检查发现问题，请查看“问题”。</translation>
    </message>
    <message>
      <source>Submitted task %s.</source>
      <translation>已提交任务 %s。</translation>
    </message>
    <message>
      <source>The scene could not be read: %s</source>
      <translation>无法读取场景：%s</translation>
    </message>
    <message>
      <source>%d files are missing: find them, or tick "Submit without the missing files".</source>
      <translation>缺少 %d 个文件：请找到它们，或勾选“忽略缺失文件提交”。</translation>
    </message>
    <message>
      <source>%d problems must be fixed first (see Problems).</source>
      <translation>有 %d 个问题需要先解决（见“问题”）。</translation>
    </message>
    <message>
      <source>No render environment fits this scene: pick one, or create the proposed one.</source>
      <translation>没有适合此场景的渲染环境：请选择一个，或创建推荐的环境。</translation>
    </message>
    <message>
      <source>No hardware configuration fits: pick one from the list.</source>
      <translation>没有合适的硬件配置：请从列表中选择。</translation>
    </message>
    <message>
      <source>Render environment not chosen yet.</source>
      <translation>尚未选择渲染环境。</translation>
    </message>
    <message>
      <source>The farm's render environments could not be loaded: %s</source>
      <translation>无法加载农场的渲染环境：%s</translation>
    </message>
    <message>
      <source>The render environment %s does not exist yet: press "Create this env".</source>
      <translation>渲染环境 %s 尚不存在：请点击“创建此环境”。</translation>
    </message>
    <message>
      <source>Something went wrong</source>
      <translation>出现问题</translation>
    </message>
    <message>
      <source>Cancelled</source>
      <translation>已取消</translation>
    </message>
    <message>
      <source>Stopped before the end; nothing more was sent.</source>
      <translation>已中途停止，不会再发送任何内容。</translation>
    </message>
    <message>
      <source>Sign-in refused</source>
      <translation>登录被拒绝</translation>
    </message>
    <message>
      <source>Open Profile… and enter the key again.</source>
      <translation>请打开“配置…”重新输入密钥。</translation>
    </message>
    <message>
      <source>Farm unreachable</source>
      <translation>无法连接农场</translation>
    </message>
    <message>
      <source>Check the network, or that the local farm is running, then press Retry.</source>
      <translation>请检查网络或本地农场是否在运行，然后点击“重试”。</translation>
    </message>
    <message>
      <source>Not found</source>
      <translation>未找到</translation>
    </message>
    <message>
      <source>It may have been deleted; refresh the list.</source>
      <translation>它可能已被删除，请刷新列表。</translation>
    </message>
    <message>
      <source>The farm said no</source>
      <translation>农场拒绝了请求</translation>
    </message>
    <message>
      <source>Settings problem</source>
      <translation>设置有误</translation>
    </message>
    <message>
      <source>Cannot read the scene</source>
      <translation>无法读取场景</translation>
    </message>
    <message>
      <source>Check the file opens in its application.</source>
      <translation>请确认该文件能在对应软件中打开。</translation>
    </message>
    <message>
      <source>Invalid setting</source>
      <translation>设置无效</translation>
    </message>
    <message>
      <source>File not found</source>
      <translation>文件不存在</translation>
    </message>
    <message>
      <source>Permission denied</source>
      <translation>没有权限</translation>
    </message>
    <message>
      <source>Choose a folder you can write to.</source>
      <translation>请选择一个可写入的文件夹。</translation>
    </message>
    <message>
      <source>Disk error</source>
      <translation>磁盘错误</translation>
    </message>
    <message>
      <source>The farm did not accept the access id and key: %s</source>
      <translation>农场不接受此 Access ID 和密钥：%s</translation>
    </message>
    <message>
      <source>Cannot reach %s.</source>
      <translation>无法连接 %s。</translation>
    </message>
    <message>
      <source>%s does not exist.</source>
      <translation>%s 不存在。</translation>
    </message>
    <message>
      <source>No permission to use %s.</source>
      <translation>没有权限使用 %s。</translation>
    </message>
    <message>
      <source>%dh %02dm</source>
      <translation>%d小时%02d分</translation>
    </message>
    <message>
      <source>Status %d</source>
      <translation>状态 %d</translation>
    </message>
    <message>
      <source>%ds</source>
      <translation>%d秒</translation>
    </message>
    <message>
      <source>%dm %02ds</source>
      <translation>%d分%02d秒</translation>
    </message>
    <message>
      <source>Renderbus profile</source>
      <translation>Renderbus 配置</translation>
    </message>
    <message>
      <source>Sign in with the access id and key from your Renderbus account page (User centre → API). The key is kept in the system keyring.</source>
      <translation>使用 Renderbus 账户页面（用户中心 → API）中的 Access ID 和密钥登录。密钥保存在系统钥匙串中。</translation>
    </message>
    <message>
      <source>Saved profiles</source>
      <translation>已保存的配置</translation>
    </message>
    <message>
      <source>Profile name</source>
      <translation>配置名称</translation>
    </message>
    <message>
      <source>Farm address</source>
      <translation>农场地址</translation>
    </message>
    <message>
      <source>The platform number shown on your account page, e.g. 2</source>
      <translation>账户页面上显示的平台编号，例如 2</translation>
    </message>
    <message>
      <source>Platform</source>
      <translation>平台</translation>
    </message>
    <message>
      <source>Protocol</source>
      <translation>协议</translation>
    </message>
    <message>
      <source>Access id</source>
      <translation>Access ID</translation>
    </message>
    <message>
      <source>leave empty to keep the saved key</source>
      <translation>留空则保留已保存的密钥</translation>
    </message>
    <message>
      <source>Access key</source>
      <translation>Access Key</translation>
    </message>
    <message>
      <source>Use the local farm</source>
      <translation>使用本地农场</translation>
    </message>
    <message>
      <source>A farm on this computer for trying things out: no account needed</source>
      <translation>在本机运行的试用农场，无需账户</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>关闭</translation>
    </message>
    <message>
      <source>Sign in</source>
      <translation>登录</translation>
    </message>
    <message>
      <source>(new profile)</source>
      <translation>（新配置）</translation>
    </message>
    <message>
      <source>Checking with the farm…</source>
      <translation>正在向农场验证…</translation>
    </message>
    <message>
      <source>Filter by task id, scene, layer or project</source>
      <translation>按任务号、场景、渲染层或项目筛选</translation>
    </message>
    <message>
      <source>Refresh</source>
      <translation>刷新</translation>
    </message>
    <message>
      <source>Auto-refresh</source>
      <translation>自动刷新</translation>
    </message>
    <message>
      <source>Previous page</source>
      <translation>上一页</translation>
    </message>
    <message>
      <source>Next page</source>
      <translation>下一页</translation>
    </message>
    <message>
      <source>Load more</source>
      <translation>加载更多</translation>
    </message>
    <message>
      <source>Select a task to see its frames.</source>
      <translation>选择一个任务以查看其帧。</translation>
    </message>
    <message>
      <source>Set priority</source>
      <translation>设置优先级</translation>
    </message>
    <message>
      <source>Change hardware</source>
      <translation>更换硬件</translation>
    </message>
    <message>
      <source>Download outputs</source>
      <translation>下载结果</translation>
    </message>
    <message>
      <source>Open folder</source>
      <translation>打开文件夹</translation>
    </message>
    <message>
      <source>Keep downloading as frames finish</source>
      <translation>渲染完成一帧就下载一帧</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>Select a frame to read its render log.</source>
      <translation>选择一帧以查看渲染日志。</translation>
    </message>
    <message>
      <source>Render log</source>
      <translation>渲染日志</translation>
    </message>
    <message>
      <source>Select a finished frame to see it.</source>
      <translation>选择一个已完成的帧以查看画面。</translation>
    </message>
    <message>
      <source>No progress picture yet.</source>
      <translation>暂无进度图。</translation>
    </message>
    <message>
      <source>Pictures</source>
      <translation>画面</translation>
    </message>
    <message>
      <source>Delete</source>
      <translation>删除</translation>
    </message>
    <message>
      <source>Abandon</source>
      <translation>放弃</translation>
    </message>
    <message>
      <source>Please confirm</source>
      <translation>请确认</translation>
    </message>
    <message>
      <source>Stop</source>
      <translation>停止</translation>
    </message>
    <message>
      <source>Stop rendering; start it again later</source>
      <translation>停止渲染，稍后可再次开始</translation>
    </message>
    <message>
      <source>Start</source>
      <translation>开始</translation>
    </message>
    <message>
      <source>Start a stopped task again</source>
      <translation>重新开始已停止的任务</translation>
    </message>
    <message>
      <source>Retry failed</source>
      <translation>重渲失败帧</translation>
    </message>
    <message>
      <source>Render the failed frames again</source>
      <translation>重新渲染失败的帧</translation>
    </message>
    <message>
      <source>Retry selected frames</source>
      <translation>重渲所选帧</translation>
    </message>
    <message>
      <source>Render the frames selected below again</source>
      <translation>重新渲染下方所选的帧</translation>
    </message>
    <message>
      <source>Full speed</source>
      <translation>全速渲染</translation>
    </message>
    <message>
      <source>After test frames: render everything now</source>
      <translation>测试帧之后：立即渲染全部帧</translation>
    </message>
    <message>
      <source>Give up this task for good</source>
      <translation>永久放弃此任务</translation>
    </message>
    <message>
      <source>Remove the task from the farm</source>
      <translation>从农场中删除此任务</translation>
    </message>
    <message>
      <source>Hardware</source>
      <translation>硬件配置</translation>
    </message>
    <message>
      <source>Frame</source>
      <translation>帧</translation>
    </message>
    <message>
      <source>Task progress</source>
      <translation>任务进度</translation>
    </message>
    <message>
      <source>%d tasks</source>
      <translation>%d 个任务</translation>
    </message>
    <message>
      <source>%d–%d of %d tasks</source>
      <translation>第 %d–%d 个，共 %d 个任务</translation>
    </message>
    <message>
      <source>Refreshing…</source>
      <translation>正在刷新…</translation>
    </message>
    <message>
      <source>Render failed</source>
      <translation>渲染失败</translation>
    </message>
    <message>
      <source>Render finished</source>
      <translation>渲染完成</translation>
    </message>
    <message>
      <source>(%d loaded)</source>
      <translation>（已加载 %d 个）</translation>
    </message>
    <message>
      <source>Loading tasks…</source>
      <translation>正在加载任务…</translation>
    </message>
    <message>
      <source>Keep it</source>
      <translation>保留</translation>
    </message>
    <message>
      <source>%s of %s · %s</source>
      <translation>%s / %s · %s</translation>
    </message>
    <message>
      <source>Saved in %s</source>
      <translation>已保存到 %s</translation>
    </message>
    <message>
      <source>%s: %s</source>
      <translation>%s：%s</translation>
    </message>
    <message>
      <source>Done with failures</source>
      <translation>完成（有失败帧）</translation>
    </message>
    <message>
      <source>Test frames done</source>
      <translation>测试帧完成</translation>
    </message>
    <message>
      <source>Retry</source>
      <translation>重试</translation>
    </message>
    <message>
      <source>The task list could not be loaded; see the message above.</source>
      <translation>无法加载任务列表，请查看上方消息。</translation>
    </message>
    <message>
      <source>Nothing downloaded yet for this task: %s does not exist.</source>
      <translation>此任务尚未下载：%s 不存在。</translation>
    </message>
    <message>
      <source>%d of %d frames done</source>
      <translation>已完成 %d / %d 帧</translation>
    </message>
    <message>
      <source>Profile…</source>
      <translation>配置…</translation>
    </message>
    <message>
      <source>No task matches the filter.</source>
      <translation>没有符合筛选条件的任务。</translation>
    </message>
    <message>
      <source>No tasks yet. Submit a scene from the Submit tab.</source>
      <translation>还没有任务。请在“提交”页提交场景。</translation>
    </message>
    <message>
      <source>Renderbus</source>
      <translation>Renderbus</translation>
    </message>
    <message>
      <source>Copy diagnostics</source>
      <translation>复制诊断信息</translation>
    </message>
    <message>
      <source>Copy versions and settings (no keys) for a support request</source>
      <translation>复制版本和设置信息（不含密钥），用于联系技术支持</translation>
    </message>
    <message>
      <source>Submit</source>
      <translation>提交</translation>
    </message>
    <message>
      <source>Monitor</source>
      <translation>监控</translation>
    </message>
    <message>
      <source>Diagnostics copied to the clipboard.</source>
      <translation>诊断信息已复制到剪贴板。</translation>
    </message>
    <message>
      <source>Open a scene file</source>
      <translation>打开场景文件</translation>
    </message>
    <message>
      <source>Connecting…</source>
      <translation>正在连接…</translation>
    </message>
    <message>
      <source>Farm: %s</source>
      <translation>农场：%s</translation>
    </message>
    <message>
      <source>Farm: local farm on this computer (%s)</source>
      <translation>农场：本机上的本地农场（%s）</translation>
    </message>
    <message>
      <source>profile %s</source>
      <translation>配置 %s</translation>
    </message>
    <message>
      <source>Scene</source>
      <translation>场景</translation>
    </message>
    <message>
      <source>Open scene…</source>
      <translation>打开场景…</translation>
    </message>
    <message>
      <source>Read again</source>
      <translation>重新读取</translation>
    </message>
    <message>
      <source>Files the scene uses</source>
      <translation>场景使用的文件</translation>
    </message>
    <message>
      <source>Missing only</source>
      <translation>仅显示缺失</translation>
    </message>
    <message>
      <source>Double-click a file to select its node in the scene.</source>
      <translation>双击文件可在场景中选中其节点。</translation>
    </message>
    <message>
      <source>Problems</source>
      <translation>问题</translation>
    </message>
    <message>
      <source>No problems found.</source>
      <translation>未发现问题。</translation>
    </message>
    <message>
      <source>Where it renders</source>
      <translation>渲染环境与硬件</translation>
    </message>
    <message>
      <source>Create this env</source>
      <translation>创建此环境</translation>
    </message>
    <message>
      <source>Job settings</source>
      <translation>作业设置</translation>
    </message>
    <message>
      <source>e.g. 1-100 or 1,5,10-20</source>
      <translation>例如 1-100 或 1,5,10-20</translation>
    </message>
    <message>
      <source>step </source>
      <translation>间隔 </translation>
    </message>
    <message>
      <source>first, middle, last — or frame numbers</source>
      <translation>first, middle, last，或帧号</translation>
    </message>
    <message>
      <source>Wait after the test</source>
      <translation>测试后暂停</translation>
    </message>
    <message>
      <source>Test frames first</source>
      <translation>优先渲染测试帧</translation>
    </message>
    <message>
      <source>comma separated</source>
      <translation>用逗号分隔</translation>
    </message>
    <message>
      <source>where downloaded frames go</source>
      <translation>下载的帧保存位置</translation>
    </message>
    <message>
      <source>Output folder</source>
      <translation>输出文件夹</translation>
    </message>
    <message>
      <source>Submit is not possible yet:</source>
      <translation>暂时无法提交：</translation>
    </message>
    <message>
      <source>Submit without the missing files</source>
      <translation>忽略缺失文件提交</translation>
    </message>
    <message>
      <source>%d files · %s</source>
      <translation>%d 个文件 · %s</translation>
    </message>
    <message>
      <source>Checking</source>
      <translation>检查中</translation>
    </message>
    <message>
      <source>Preparing</source>
      <translation>准备中</translation>
    </message>
    <message>
      <source>Creating the task</source>
      <translation>正在创建任务</translation>
    </message>
    <message>
      <source>Sending job files</source>
      <translation>正在发送作业文件</translation>
    </message>
    <message>
      <source>Uploading</source>
      <translation>正在上传</translation>
    </message>
    <message>
      <source>Starting the render</source>
      <translation>正在开始渲染</translation>
    </message>
    <message>
      <source>Done</source>
      <translation>完成</translation>
    </message>
    <message>
      <source>File</source>
      <translation>文件</translation>
    </message>
    <message>
      <source>Application</source>
      <translation>软件</translation>
    </message>
    <message>
      <source>Renderer</source>
      <translation>渲染器</translation>
    </message>
    <message>
      <source>Plugins</source>
      <translation>插件</translation>
    </message>
    <message>
      <source>Output</source>
      <translation>输出</translation>
    </message>
    <message>
      <source>Resolution</source>
      <translation>分辨率</translation>
    </message>
    <message>
      <source>Render environment</source>
      <translation>渲染环境</translation>
    </message>
    <message>
      <source>Browse…</source>
      <translation>浏览…</translation>
    </message>
    <message>
      <source>(not found)</source>
      <translation>（未找到）</translation>
    </message>
    <message>
      <source>none</source>
      <translation>无</translation>
    </message>
    <message>
      <source>(default)</source>
      <translation>（默认）</translation>
    </message>
    <message>
      <source> — does not fit</source>
      <translation> — 不适用</translation>
    </message>
    <message>
      <source>%d frames on up to %d machines</source>
      <translation>%d 帧，最多使用 %d 台机器</translation>
    </message>
    <message>
      <source>Save and submit</source>
      <translation>保存并提交</translation>
    </message>
    <message>
      <source>(no scene open)</source>
      <translation>（未打开场景）</translation>
    </message>
    <message>
      <source>%s (%d frames)</source>
      <translation>%s（%d 帧）</translation>
    </message>
    <message>
      <source>%d missing</source>
      <translation>缺失 %d 个</translation>
    </message>
    <message>
      <source>%s cannot be selected here (no host application is running).</source>
      <translation>此处无法选中 %s（没有运行宿主软件）。</translation>
    </message>
    <message>
      <source> (new)</source>
      <translation>（新建）</translation>
    </message>
    <message>
      <source> — closest</source>
      <translation> — 最接近</translation>
    </message>
    <message>
      <source>Problems (%d)</source>
      <translation>问题（%d）</translation>
    </message>
    <message>
      <source>Asking the farm…</source>
      <translation>正在查询农场…</translation>
    </message>
    <message>
      <source>Submitting…</source>
      <translation>正在提交…</translation>
    </message>
    <message>
      <source>%d of %d files</source>
      <translation>%d / %d 个文件</translation>
    </message>
    <message>
      <source>%s of %s</source>
      <translation>%s / %s</translation>
    </message>
    <message>
      <source>%s left</source>
      <translation>剩余 %s</translation>
    </message>
    <message>
      <source>OK</source>
      <translation>确定</translation>
    </message>
    <message>
      <source>about %s</source>
      <translation>约 %s</translation>
    </message>
    <message>
      <source>estimated cost %s</source>
      <translation>预计费用 %s</translation>
    </message>
    <message>
      <source>Creating the render environment…</source>
      <translation>正在创建渲染环境…</translation>
    </message>
    <message>
      <source>Submitted</source>
      <translation>已提交</translation>
    </message>
    <message>
      <source> (off)</source>
      <translation>（关闭）</translation>
    </message>
    <message>
      <source>Resume</source>
      <translation>继续提交</translation>
    </message>
    <message>
      <source>Try again</source>
      <translation>再试一次</translation>
    </message>
    <message>
      <source>Show in Monitor</source>
      <translation>在监控中查看</translation>
    </message>
    <message>
      <source>Waiting</source>
      <translation>等待中</translation>
    </message>
    <message>
      <source>Rendering</source>
      <translation>渲染中</translation>
    </message>
    <message>
      <source>Pre-processing</source>
      <translation>预处理中</translation>
    </message>
    <message>
      <source>Stopped</source>
      <translation>已停止</translation>
    </message>
    <message>
      <source>Stopped (arrears)</source>
      <translation>已停止（欠费）</translation>
    </message>
    <message>
      <source>Stopped (timeout)</source>
      <translation>已停止（超时）</translation>
    </message>
    <message>
      <source>Abandoned</source>
      <translation>已放弃</translation>
    </message>
    <message>
      <source>Failed</source>
      <translation>失败</translation>
    </message>
    <message>
      <source>Analysing</source>
      <translation>分析中</translation>
    </message>
    <message>
      <source>Submitting</source>
      <translation>提交中</translation>
    </message>
    <message>
      <source>Submit failed</source>
      <translation>提交失败</translation>
    </message>
    <message>
      <source>Done with stopped frames</source>
      <translation>完成（有停止的帧）</translation>
    </message>
    <message>
      <source>Updating</source>
      <translation>更新中</translation>
    </message>
    <message>
      <source>Waiting (pre-process)</source>
      <translation>等待预处理</translation>
    </message>
    <message>
      <source>Waiting (photon frame)</source>
      <translation>等待光子帧</translation>
    </message>
    <message>
      <source>Waiting (photon job)</source>
      <translation>等待光子作业</translation>
    </message>
    <message>
      <source>Waiting (simulation)</source>
      <translation>等待解算</translation>
    </message>
    <message>
      <source>Waiting (secondary)</source>
      <translation>等待（次级帧）</translation>
    </message>
    <message>
      <source>Task</source>
      <translation>任务</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Progress</source>
      <translation>进度</translation>
    </message>
    <message>
      <source>Done / failed / total</source>
      <translation>完成 / 失败 / 总数</translation>
    </message>
    <message>
      <source>Cost</source>
      <translation>费用</translation>
    </message>
    <message>
      <source>Duration</source>
      <translation>用时</translation>
    </message>
    <message>
      <source>Layer</source>
      <translation>渲染层</translation>
    </message>
    <message>
      <source>Render time</source>
      <translation>渲染时长</translation>
    </message>
    <message>
      <source>Started</source>
      <translation>开始时间</translation>
    </message>
    <message>
      <source>Retries</source>
      <translation>重试次数</translation>
    </message>
    <message>
      <source>State</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>类型</translation>
    </message>
    <message>
      <source>Size</source>
      <translation>大小</translation>
    </message>
    <message>
      <source>Node</source>
      <translation>节点</translation>
    </message>
    <message>
      <source>Severity</source>
      <translation>级别</translation>
    </message>
    <message>
      <source>Problem</source>
      <translation>问题</translation>
    </message>
    <message>
      <source>What to do</source>
      <translation>解决方法</translation>
    </message>
    <message>
      <source>Packed</source>
      <translation>已打包</translation>
    </message>
    <message>
      <source>Found</source>
      <translation>已找到</translation>
    </message>
    <message>
      <source>Missing</source>
      <translation>缺失</translation>
    </message>
    <message>
      <source>Error</source>
      <translation>错误</translation>
    </message>
    <message>
      <source>Warning</source>
      <translation>警告</translation>
    </message>
    <message>
      <source>Notice</source>
      <translation>提示</translation>
    </message>
    <message>
      <source>Texture</source>
      <translation>贴图</translation>
    </message>
    <message>
      <source>Cache</source>
      <translation>缓存</translation>
    </message>
    <message>
      <source>Reference</source>
      <translation>引用</translation>
    </message>
    <message>
      <source>Library</source>
      <translation>库</translation>
    </message>
    <message>
      <source>Hda</source>
      <translation>HDA</translation>
    </message>
    <message>
      <source>Volume</source>
      <translation>体积</translation>
    </message>
    <message>
      <source>Proxy</source>
      <translation>代理</translation>
    </message>
    <message>
      <source>Sound</source>
      <translation>声音</translation>
    </message>
    <message>
      <source>Movie</source>
      <translation>视频</translation>
    </message>
    <message>
      <source>Font</source>
      <translation>字体</translation>
    </message>
    <message>
      <source>Ies</source>
      <translation>IES</translation>
    </message>
    <message>
      <source>Color</source>
      <translation>颜色</translation>
    </message>
    <message>
      <source>Script</source>
      <translation>脚本</translation>
    </message>
    <message>
      <source>Other</source>
      <translation>其他</translation>
    </message>
    <message>
      <source>All tasks</source>
      <translation>全部任务</translation>
    </message>
    <message>
      <source>Waiting or rendering</source>
      <translation>等待或渲染中</translation>
    </message>
    <message>
      <source>Failed or with failed frames</source>
      <translation>失败或有失败帧</translation>
    </message>
    <message>
      <source>Stopped or abandoned</source>
      <translation>已停止或已放弃</translation>
    </message>
    <message>
      <source>Retry failed frames</source>
      <translation>重渲失败帧</translation>
    </message>
    <message>
      <source>Change priority</source>
      <translation>修改优先级</translation>
    </message>
  </context>
</TS>
