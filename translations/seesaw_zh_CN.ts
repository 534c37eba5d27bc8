<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AddonsPage</name>
    <message>
        <location filename="../qml/pages/AddonsPage.qml" line="+24"/>
        <source>System extension</source>
        <translation>系统扩展</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Configuration extension</source>
        <translation>配置扩展</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Files</source>
        <translation>文件集</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+74"/>
        <source>Add-ons</source>
        <translation>附加组件</translation>
    </message>
    <message>
        <location line="-64"/>
        <source>%1 is back at version %2.</source>
        <translation>%1 已回到版本 %2。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Roll %1 back to version %2?</source>
        <translation>将 %1 回滚到版本 %2？</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Version %1 is replaced by %2 at once, without a restart. The health check runs afterwards; if it fails, %1 comes back.</source>
        <translation>版本 %1 将立即被 %2 替换，无需重启。随后运行健康检查；如果检查失败，%1 将恢复。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Roll back</source>
        <translation>回滚</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The add-on was not rolled back</source>
        <translation>附加组件未回滚</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Add-on rolled back</source>
        <translation>附加组件已回滚</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>No add-ons are installed.</source>
        <translation>未安装附加组件。</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>%1 · version %2 · %3</source>
        <translation>%1 · 版本 %2 · %3</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 · not in use</source>
        <translation>%1 · 未使用</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Back to %1</source>
        <translation>回到 %1</translation>
    </message>
</context>
<context>
    <name>BundleDetailsPage</name>
    <message>
        <location filename="../qml/pages/BundleDetailsPage.qml" line="+32"/>
        <source>Update details</source>
        <translation>更新详情</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>No bundle chosen</source>
        <translation>未选择更新包</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 on the USB stick %2</source>
        <translation>U 盘 %2 上的 %1</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>This bundle cannot be installed</source>
        <translation>无法安装此更新包</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Choose a bundle on a USB stick or open a file.</source>
        <translation>请选择 U 盘上的更新包，或打开文件。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Installed only if you ask for it below</source>
        <translation>仅在您于下方明确要求时安装</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Install an older version?</source>
        <translation>安装较旧的版本？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Install the same version again?</source>
        <translation>再次安装相同的版本？</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This device only installs older versions when asked to. An older system may not understand data or settings written by the newer one; downgrade only when you were told to.</source>
        <translation>本设备只有在明确要求时才会安装较旧的版本。较旧的系统可能无法识别较新系统写入的数据或设置；请仅在得到指示时降级。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Version %1 is running already. Reinstalling it writes the same system into the other slot again, for example to repair it.</source>
        <translation>版本 %1 已在运行。重新安装会将同一系统再次写入另一个槽位，例如用于修复。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Yes, install the older version %1</source>
        <translation>是，安装较旧的版本 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Yes, reinstall version %1</source>
        <translation>是，重新安装版本 %1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Signature</source>
        <translation>签名</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Signed by a trusted key</source>
        <translation>已由受信任的密钥签名</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Not signed by a trusted key</source>
        <translation>未由受信任的密钥签名</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Compatibility checks</source>
        <translation>兼容性检查</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Requirements</source>
        <translation>安装要求</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Release notes</source>
        <translation>版本说明</translation>
    </message>
</context>
<context>
    <name>BundleFacts</name>
    <message>
        <location filename="../qml/components/BundleFacts.qml" line="+13"/>
        <source>About this bundle</source>
        <translation>更新包信息</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Build</source>
        <translation>构建号</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Built on</source>
        <translation>构建时间</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Bundle size</source>
        <translation>更新包大小</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>System size</source>
        <translation>系统大小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Add-ons</source>
        <translation>附加组件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 %2 (%3)</source>
        <translation>%1 %2（%3）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Restart</source>
        <translation>重启</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not needed: the add-ons are in use as soon as they are installed</source>
        <translation>不需要：附加组件安装后即可使用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Needed: the new system starts after a restart</source>
        <translation>需要：新系统在重启后启动</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>For devices</source>
        <translation>适用设备</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Hardware revisions</source>
        <translation>硬件版本</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Needs at least</source>
        <translation>最低运行版本</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Manifest hash</source>
        <translation>清单哈希</translation>
    </message>
</context>
<context>
    <name>ConfirmDialog</name>
    <message>
        <location filename="../qml/components/ConfirmDialog.qml" line="+13"/>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Go back</source>
        <translation>返回</translation>
    </message>
</context>
<context>
    <name>ConfirmPage</name>
    <message>
        <location filename="../qml/pages/ConfirmPage.qml" line="+43"/>
        <source>Confirm the update</source>
        <translation>确认更新</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Install %1</source>
        <translation>安装 %1</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Install the add-ons %1?</source>
        <translation>安装附加组件 %1？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Install version %1?</source>
        <translation>安装版本 %1？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Version %1 cannot be installed</source>
        <translation>无法安装版本 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No bundle chosen</source>
        <translation>未选择更新包</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>This bundle cannot be installed</source>
        <translation>无法安装此更新包</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>The update did not start</source>
        <translation>更新未能启动</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>What happens</source>
        <translation>将会发生什么</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Each add-on is written and checked beside the version in use, then all are switched at once and the health check runs. If it fails, they go back to the versions they replace. The system is not touched and nothing restarts.</source>
        <translation>每个附加组件都先写入并校验在正在使用的版本旁边，然后一次性全部切换并运行健康检查。如果检查失败，它们会回到被替换的版本。系统不受影响，也不会重启。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The new system is written into slot %1 while this one keeps running. You can cancel until the last step. The device only changes when you restart it; if the new system does not come up healthy, it goes back to this one by itself.</source>
        <translation>新系统将写入槽位 %1，当前系统继续运行。在最后一步之前都可以取消。设备只有在重启后才会改变；如果新系统未能正常运行，设备会自动切回当前系统。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>(the other slot)</source>
        <translation>（另一个槽位）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Bundle size</source>
        <translation>更新包大小</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Delta</source>
        <translation>增量</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Manifest hash</source>
        <translation>清单哈希</translation>
    </message>
</context>
<context>
    <name>DeviceState</name>
    <message>
        <location filename="../qml/components/DeviceState.qml" line="+11"/>
        <source>The state of the device is not known; the update service did not report it.</source>
        <translation>设备状态未知：更新服务未报告该状态。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The device still runs version %1 from slot %2; slot %3 starts at the next restart.</source>
        <translation>设备仍在运行槽位 %2 中的版本 %1；下次重启时将从槽位 %3 启动。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nothing changed; the device still runs version %1 from slot %2.</source>
        <translation>未做任何更改；设备仍在运行槽位 %2 中的版本 %1。</translation>
    </message>
</context>
<context>
    <name>DonePage</name>
    <message>
        <location filename="../qml/pages/DonePage.qml" line="+25"/>
        <source>Update installed</source>
        <translation>更新已安装</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Update cancelled</source>
        <translation>更新已取消</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Update not installed</source>
        <translation>更新未安装</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Restarting…</source>
        <translation>正在重启…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Restart now</source>
        <translation>立即重启</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Later</source>
        <translation>稍后</translation>
    </message>
    <message>
        <location line="-29"/>
        <source>Add-ons installed</source>
        <translation>附加组件已安装</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Back to start</source>
        <translation>返回首页</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Version %1 is installed.</source>
        <translation>版本 %1 已安装。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The add-ons are installed and in use.</source>
        <translation>附加组件已安装并正在使用。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The update was cancelled.</source>
        <translation>更新已取消。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The update could not be installed.</source>
        <translation>无法安装更新。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>It starts at the next restart, from slot %1. If it does not come up healthy, the device goes back to version %2 by itself.</source>
        <translation>它将在下次重启时从槽位 %1 启动。如果未能正常运行，设备会自动恢复到版本 %2。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>The device did not restart</source>
        <translation>设备未能重启</translation>
    </message>
</context>
<context>
    <name>FileBrowser</name>
    <message>
        <location filename="../app/filebrowser.cpp" line="+149"/>
        <source>You do not have permission to open this folder.</source>
        <translation>您没有打开此文件夹的权限。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This folder does not exist.</source>
        <translation>此文件夹不存在。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This is not a folder.</source>
        <translation>这不是文件夹。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This folder cannot be opened: %1.</source>
        <translation>无法打开此文件夹：%1。</translation>
    </message>
</context>
<context>
    <name>FileBrowserPage</name>
    <message>
        <location filename="../qml/pages/FileBrowserPage.qml" line="+27"/>
        <source>Open file</source>
        <translation>打开文件</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Up</source>
        <translation>上一级</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Folder %1</source>
        <translation>文件夹 %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>This folder cannot be opened</source>
        <translation>无法打开此文件夹</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>This file is not a usable update bundle</source>
        <translation>此文件不是可用的更新包</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Checking the bundle…</source>
        <translation>正在检查更新包…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No folders or update bundles here.</source>
        <translation>此处没有文件夹或更新包。</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1, %2</source>
        <translation>%1，%2</translation>
    </message>
</context>
<context>
    <name>Format</name>
    <message>
        <location filename="../qml/Format.qml" line="+19"/>
        <source>unknown size</source>
        <translation>大小未知</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 GB</source>
        <translation>%1 GB</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 MB</source>
        <translation>%1 MB</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 kB</source>
        <translation>%1 kB</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 bytes</source>
        <translation>%1 字节</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+19"/>
        <source>–</source>
        <translation>–</translation>
    </message>
    <message>
        <location line="-18"/>
        <source>%1 MB/s</source>
        <translation>%1 MB/s</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>estimating…</source>
        <translation>正在估算…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 s left</source>
        <translation>剩余 %1 秒</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 min %2 s left</source>
        <translation>剩余 %1 分 %2 秒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 h %2 min left</source>
        <translation>剩余 %1 小时 %2 分</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+143"/>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location line="-131"/>
        <source>Upgrade from %1 to %2</source>
        <translation>从 %1 升级到 %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Downgrade from %1 to the older %2</source>
        <translation>从 %1 降级到较旧的 %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reinstall %1, the version running now</source>
        <translation>重新安装 %1（当前运行的版本）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add-ons %1 for the running system %2</source>
        <translation>附加组件 %1，用于正在运行的系统 %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Install %1 (running: %2)</source>
        <translation>安装 %1（当前运行：%2）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Install %1</source>
        <translation>安装 %1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Delta update from %1 — %2 instead of %3</source>
        <translation>从 %1 的增量更新 — %2，而不是 %3</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delta update from %1 — %2</source>
        <translation>从 %1 的增量更新 — %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Made for this device</source>
        <translation>适用于本设备</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hardware revision</source>
        <translation>硬件版本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Minimum running version</source>
        <translation>最低运行版本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Runs the version this delta needs</source>
        <translation>运行此增量所需的版本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last working system kept</source>
        <translation>保留最后一个正常工作的系统</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fits into the slot</source>
        <translation>槽位空间足够</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Target slot not in use</source>
        <translation>目标槽位空闲</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Free space</source>
        <translation>可用空间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Power</source>
        <translation>电源</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The bundle that was shown</source>
        <translation>所显示的更新包</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add-on fits this device</source>
        <translation>附加组件适用于此设备</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Installed extensions under the new system</source>
        <translation>新系统下已安装的扩展</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>known good</source>
        <translation>已确认正常</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not bootable</source>
        <translation>无法启动</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>installed, not yet started</source>
        <translation>已安装，尚未启动</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>incomplete</source>
        <translation>不完整</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>state unknown</source>
        <translation>状态未知</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Checking the bundle</source>
        <translation>正在检查更新包</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Verifying</source>
        <translation>正在校验</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Writing the new system</source>
        <translation>正在写入新系统</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finalising: saving to storage</source>
        <translation>正在完成：写入存储</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finalising: switching the boot slot</source>
        <translation>正在完成：切换启动槽位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Preparing</source>
        <translation>正在准备</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>No bundle has been read.</source>
        <translation>尚未读取任何更新包。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The bundle is not signed by a trusted key.</source>
        <translation>该更新包未由受信任的密钥签名。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The update service does not allow installing this bundle.</source>
        <translation>更新服务不允许安装此更新包。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Update installed, waiting for a restart</source>
        <translation>更新已安装，等待重启</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The update is running and healthy</source>
        <translation>更新已运行，状态正常</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The update failed its health check and was rolled back</source>
        <translation>更新未通过健康检查，已回滚</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The update did not start and was rolled back</source>
        <translation>更新未能启动，已回滚</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The update was interrupted before it was switched on</source>
        <translation>更新在启用前被中断</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rolled back to the previous system</source>
        <translation>已回滚到先前的系统</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The update failed</source>
        <translation>更新失败</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Update %1 available (%2)</source>
        <translation>有可用更新 %1（%2）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Downloading update %1 (%2)</source>
        <translation>正在下载更新 %1（%2）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Checking the downloaded update %1</source>
        <translation>正在检查已下载的更新 %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Update %1 is ready to install</source>
        <translation>更新 %1 已可安装</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No news from the update server</source>
        <translation>没有来自更新服务器的消息</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The update server has no channel “%1”</source>
        <translation>更新服务器没有“%1”通道</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Update %1 from your fleet server</source>
        <translation>来自设备群服务器的更新 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Downloading an update from your fleet server</source>
        <translation>正在从设备群服务器下载更新</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Update %1 from your fleet server is ready</source>
        <translation>来自设备群服务器的更新 %1 已就绪</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No news from the fleet server</source>
        <translation>没有来自设备群服务器的消息</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Install it? If you agree, it installs in the maintenance window (%1). Not now: the server asks again later.</source>
        <translation>安装吗？如果同意，将在维护时段（%1）内安装。选择“暂不”后服务器会稍后再次询问。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Install it now? Not now: the server asks again later.</source>
        <translation>现在安装吗？选择“暂不”后服务器会稍后再次询问。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Downloaded and checked. It installs when the fleet server says so.</source>
        <translation>已下载并检查。将在设备群服务器通知时安装。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Downloaded and checked. It installs %1.</source>
        <translation>已下载并检查。将于%1安装。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The fleet server could not be asked: %1</source>
        <translation>无法询问设备群服务器：%1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>last told the server: %1</source>
        <translation>最近一次向服务器报告：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 installed; the result follows after the restart</source>
        <translation>%1 已安装；结果将在重启后报告</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>installing %1</source>
        <translation>正在安装 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>connected, nothing to do</source>
        <translation>已连接，无待办事项</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 of %2 · %3 · %4</source>
        <translation>%1 / %2 · %3 · %4</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>when you choose</source>
        <translation>由您决定时间</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>now</source>
        <translation>现在</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Choose another channel; the device keeps running %1.</source>
        <translation>请选择其他通道；设备继续运行 %1。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The update server could not be reached since %1; the device keeps running %2.</source>
        <translation>自 %1 起无法连接更新服务器；设备继续运行 %2。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The update server could not be reached; the device keeps running %1.</source>
        <translation>无法连接更新服务器；设备继续运行 %1。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The update information was refused: %1 The device keeps running %2.</source>
        <translation>更新信息被拒绝：%1 设备继续运行 %2。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Download: %1 (a delta from %2)</source>
        <translation>下载：%1（基于 %2 的增量）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Download: %1</source>
        <translation>下载：%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The download failed: %1</source>
        <translation>下载失败：%1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Every part is checked against the signed list before it can be installed.</source>
        <translation>每个部分都会先与已签名的清单核对，然后才能安装。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Downloaded — installs %1</source>
        <translation>已下载 — 将于%1安装</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Installs %1 straight from the update server; every part is checked before it is written.</source>
        <translation>将于%1直接从更新服务器安装；每个部分在写入前都会经过校验。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>not configured</source>
        <translation>未配置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: not checked yet</source>
        <translation>%1：尚未检查</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: checking…</source>
        <translation>%1：正在检查…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: up to date (checked %2)</source>
        <translation>%1：已是最新（检查于 %2）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: update installed, restart to use it</source>
        <translation>%1：更新已安装，重启后生效</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1: checked %2</source>
        <translation>%1：检查于 %2</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <location filename="../app/historymodel.cpp" line="+118"/>
        <source>Installing %1 into slot %2</source>
        <translation>开始将 %1 安装到槽位 %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Installed %1 into slot %2</source>
        <translation>已将 %1 安装到槽位 %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Slot %1 with %2 starts at the next boot</source>
        <translation>下次启动时将从槽位 %1（%2）启动</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Installing %1 failed: %2</source>
        <translation>安装 %1 失败：%2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Installing %1 was interrupted</source>
        <translation>安装 %1 被中断</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Health check passed on slot %1</source>
        <translation>槽位 %1 通过健康检查</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Health check failed on slot %1</source>
        <translation>槽位 %1 未通过健康检查</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Health check failed: %1</source>
        <translation>健康检查失败：%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Slot %1 marked good by the health check</source>
        <translation>健康检查已将槽位 %1 标记为正常</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Slot %1 marked good</source>
        <translation>槽位 %1 已标记为正常</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Slot %1 marked bad by the health check</source>
        <translation>健康检查已将槽位 %1 标记为故障</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Slot %1 marked bad</source>
        <translation>槽位 %1 已标记为故障</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Rollback from slot %1 to slot %2 requested</source>
        <translation>已请求从槽位 %1 回滚到槽位 %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Version %1 failed its health check; back to slot %2</source>
        <translation>版本 %1 未通过健康检查；已切回槽位 %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Version %1 did not start; back to slot %2</source>
        <translation>版本 %1 未能启动；已切回槽位 %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Rolled back to slot %1</source>
        <translation>已回滚到槽位 %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Signing keys changed: %1 added, %2 revoked</source>
        <translation>签名密钥已更改：新增 %1 个，吊销 %2 个</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Add-on %1 %2 installed</source>
        <translation>已安装附加组件 %1 %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add-on %1 updated from %2 to %3</source>
        <translation>附加组件 %1 已从 %2 更新到 %3</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Add-on %1 %2 taken out of use</source>
        <translation>附加组件 %1 %2 已停用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add-on %1 back at %2 (was %3)</source>
        <translation>附加组件 %1 已回到 %2（原为 %3）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Installing add-on %1 %2 failed: %3</source>
        <translation>安装附加组件 %1 %2 失败：%3</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Event: %1</source>
        <translation>事件：%1</translation>
    </message>
</context>
<context>
    <name>HistoryPage</name>
    <message>
        <location filename="../qml/pages/HistoryPage.qml" line="+38"/>
        <source>History</source>
        <translation>历史记录</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The report was saved on %1 as %2.</source>
        <translation>报告已保存到 %1，文件名为 %2。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>USB stick</source>
        <translation>U 盘</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Export report to %1</source>
        <translation>将报告导出到 %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Insert a USB stick to export a report.</source>
        <translation>插入 U 盘以导出报告。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The report could not be saved</source>
        <translation>无法保存报告</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Report exported</source>
        <translation>报告已导出</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The history could not be read</source>
        <translation>无法读取历史记录</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No entries yet.</source>
        <translation>暂无记录。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>History entries</source>
        <translation>历史记录条目</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <location filename="../qml/pages/HomePage.qml" line="+46"/>
        <source>Seesaw updater</source>
        <translation>Seesaw 更新程序</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Install an update</source>
        <translation>安装更新</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>History</source>
        <translation>历史记录</translation>
    </message>
    <message>
        <location line="-15"/>
        <location line="+36"/>
        <source>Roll back</source>
        <translation>回滚</translation>
    </message>
    <message>
        <location line="-28"/>
        <source>Add-ons</source>
        <translation>附加组件</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Roll back to version %1?</source>
        <translation>回滚到版本 %1？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Slot %1 becomes the system that starts next. It runs after the next restart; until then nothing changes.</source>
        <translation>下次重启时将从槽位 %1 启动。在此之前不会有任何变化。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The update service is not running</source>
        <translation>更新服务未运行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nothing can be installed until seesawd runs. The system itself is not affected.</source>
        <translation>seesawd 运行之前无法安装任何内容。系统本身不受影响。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Version %1</source>
        <translation>版本 %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Restart now</source>
        <translation>立即重启</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Acknowledge</source>
        <translation>确认</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>its current version</source>
        <translation>当前版本</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+55"/>
        <source>Install now</source>
        <translation>立即安装</translation>
    </message>
    <message>
        <location line="-46"/>
        <location line="+39"/>
        <source>Not now</source>
        <translation>暂不</translation>
    </message>
    <message>
        <location line="-33"/>
        <source>Download now</source>
        <translation>立即下载</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+41"/>
        <source>Check again</source>
        <translation>重新检查</translation>
    </message>
    <message>
        <location line="-24"/>
        <source>Install</source>
        <translation>安装</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Updates wait for the health check</source>
        <translation>更新需等待健康检查完成</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>That did not work</source>
        <translation>操作未成功</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This device</source>
        <translation>本设备</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Device type</source>
        <translation>设备类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+8"/>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Running</source>
        <translation>正在运行</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>version %1 from slot %2</source>
        <translation>槽位 %2 中的版本 %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Other slot</source>
        <translation>另一槽位</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>slot %1: %2 (%3)</source>
        <translation>槽位 %1：%2（%3）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no system</source>
        <translation>无系统</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Updates</source>
        <translation>更新</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Fleet server</source>
        <translation>设备群服务器</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Next start</source>
        <translation>下次启动</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>slot %1</source>
        <translation>槽位 %1</translation>
    </message>
</context>
<context>
    <name>LanguageDialog</name>
    <message>
        <location filename="../qml/components/LanguageDialog.qml" line="+13"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../qml/Main.qml" line="+113"/>
        <source>Seesaw updater</source>
        <translation>Seesaw 更新程序</translation>
    </message>
</context>
<context>
    <name>MediaModel</name>
    <message>
        <location filename="../app/mediamodel.cpp" line="+119"/>
        <location line="+179"/>
        <source>The update service is not running.</source>
        <translation>更新服务未运行。</translation>
    </message>
</context>
<context>
    <name>PageHeader</name>
    <message>
        <location filename="../qml/components/PageHeader.qml" line="+37"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
</context>
<context>
    <name>ProgressPage</name>
    <message>
        <location filename="../qml/pages/ProgressPage.qml" line="+21"/>
        <source>%1 MB of %2 MB</source>
        <translation>%1 MB / %2 MB</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1, %2 percent</source>
        <translation>%1，百分之 %2</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Installing %1</source>
        <translation>正在安装 %1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Installing an update</source>
        <translation>正在安装更新</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Cancel the update?</source>
        <translation>取消更新？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Writing stops and the partly written slot stays unused. The device keeps running version %1.</source>
        <translation>写入将停止，部分写入的槽位不会被使用。设备继续运行版本 %1。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel the update</source>
        <translation>取消更新</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep installing</source>
        <translation>继续安装</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>%1 %</source>
        <translation>%1%</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Written</source>
        <translation>已写入</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Time left</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Average speed</source>
        <translation>平均速度</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Time taken</source>
        <translation>用时</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The running system is not touched. You can keep using the device.</source>
        <translation>正在运行的系统不受影响，您可以继续使用设备。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finalising: this cannot be cancelled any more and takes a moment.</source>
        <translation>正在完成：此步骤已无法取消，请稍候。</translation>
    </message>
</context>
<context>
    <name>Screenshotter</name>
    <message>
        <location filename="../app/screenshotter.cpp" line="+80"/>
        <source>nothing to capture (no pages or no sizes)</source>
        <translation>没有可截取的内容（没有页面或没有尺寸）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>cannot create the folder %1</source>
        <translation>无法创建文件夹 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>cannot write into the folder %1</source>
        <translation>无法写入文件夹 %1</translation>
    </message>
</context>
<context>
    <name>SignerKey</name>
    <message>
        <location filename="../qml/components/SignerKey.qml" line="+14"/>
        <source>Key ID: %1</source>
        <translation>密钥 ID：%1</translation>
    </message>
</context>
<context>
    <name>SlotPicture</name>
    <message>
        <location filename="../qml/components/SlotPicture.qml" line="+38"/>
        <source>Slots of this device</source>
        <translation>本设备的槽位</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+7"/>
        <source>Slot %1: version %2</source>
        <translation>槽位 %1：版本 %2</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>Slot %1: no system</source>
        <translation>槽位 %1：无系统</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>running now</source>
        <translation>正在运行</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>starts next</source>
        <translation>下次启动</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Slot %1: new system</source>
        <translation>槽位 %1：新系统</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>being written, %1 percent</source>
        <translation>正在写入，%1%</translation>
    </message>
    <message>
        <location line="-15"/>
        <source>Being written: %1 %</source>
        <translation>正在写入：%1 %</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>Slot %1</source>
        <translation>槽位 %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Running · starts next</source>
        <translation>正在运行 · 下次启动</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Running</source>
        <translation>正在运行</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Starts next</source>
        <translation>下次启动</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>New system</source>
        <translation>新系统</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Empty</source>
        <translation>空</translation>
    </message>
</context>
<context>
    <name>SourcesPage</name>
    <message>
        <location filename="../qml/pages/SourcesPage.qml" line="+17"/>
        <source>Choose an update</source>
        <translation>选择更新</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Open file…</source>
        <translation>打开文件…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>No USB stick found</source>
        <translation>未找到 U 盘</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Insert a USB stick with an update bundle (a .seesaw file). It appears here within a second.</source>
        <translation>请插入含有更新包（.seesaw 文件）的 U 盘，它会在一秒内显示在这里。</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>USB stick</source>
        <translation>U 盘</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Looking for update bundles…</source>
        <translation>正在查找更新包…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>This stick cannot be read</source>
        <translation>无法读取此 U 盘</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No update bundles on this stick.</source>
        <translation>此 U 盘上没有更新包。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Version %1, %2</source>
        <translation>版本 %1，%2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cannot be read: %1</source>
        <translation>无法读取：%1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>unknown error</source>
        <translation>未知错误</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Scan again</source>
        <translation>重新扫描</translation>
    </message>
</context>
<context>
    <name>StatusLine</name>
    <message>
        <location filename="../qml/components/StatusLine.qml" line="+23"/>
        <source>passed</source>
        <translation>通过</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>note</source>
        <translation>提示</translation>
    </message>
</context>
<context>
    <name>UpdaterClient</name>
    <message>
        <location filename="../app/updaterclient_calls.cpp" line="+49"/>
        <location line="+36"/>
        <location line="+200"/>
        <source>The update service did not answer.</source>
        <translation>更新服务没有响应。</translation>
    </message>
    <message>
        <location line="-199"/>
        <source>The update service refused the request.</source>
        <translation>更新服务拒绝了该请求。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Choose a bundle file.</source>
        <translation>请选择更新包文件。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 is a symbolic link; choose the file it points to.</source>
        <translation>%1 是符号链接；请选择它指向的文件。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 no longer exists.</source>
        <translation>%1 已不存在。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>You may not read %1.</source>
        <translation>您无权读取 %1。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 cannot be opened: %2.</source>
        <translation>无法打开 %1：%2。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 is not a regular file.</source>
        <translation>%1 不是普通文件。</translation>
    </message>
</context>
</TS>
