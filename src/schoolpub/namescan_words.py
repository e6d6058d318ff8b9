"""The word lists namescan.py reads a text with: surnames, adults' titles and roles, pupils'
roles, and the words that stand where a name would and only look like one."""
from __future__ import annotations

from .names import COMPOUND_SURNAMES

# Single-character surnames: the commonest (about 95 % of people) and rarer ones seen in
# school lists, without the few that are far more often a word of their own next to a
# name (和, 时, 向, 由, 同, 国, 都, 来, 展 …). A list's other items are read with any
# first character (see namescan), so 时浩延 after 冷芊晴、 is still found.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚"
    "卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤常"
    "温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴"
    "霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳穆农卓古吉缪简车项连芦麦褚娄窦戚岑"
    "景党宫费卜冷晏席卫米柏宗瞿桂佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩佘池查麻苑迟邝封"
    "谈匡鞠惠荆冀郁胥储栗燕楚鄢谌奚皮粟冼蔺楼盘闻厉伊仝郜阚花权帅屠豆朴盖练廉禹井祖漆巴丰卿狄计索宣晋初"
    "云容敬扈晁芮阙浦戈伏鹿薄邸雍辜羊乌母裘亓修邰赫杭况那鲜印逯隆茹诸战慕危银亢嵇湛宾戎勾茅揭尉冶斯束"
    "檀衣阴昝智幸奉植衡尧闭代贡钮贲竺宓鄂步沃郦荀蒯钭逄仉缑禤郗蓟隗酆濮钦顿毋贝")
# Written right after a name (or a surname: 王老师, 张校长) they make it an adult's. Not 家长 or
# 妈妈: 王小明家长 is a pupil's parent, named by the pupil's name.
TITLES = ("老师|教师|校长|副校长|总校长|书记|主任|园长|局长|处长|科长|主席|委员|院长|教授|博士|专家|同志|先生|"
          "女士|教练|医生|警官|教研员|辅导员|班主任|干事|会长|部长|厂长|经理|董事长|记者|作家|阿姨|叔叔|律师|"
          "工程师|馆长|所长|站长|镇长|县长|市长|区长|省长")
# Written right before a name they make it an adult's: bylines (撰稿：李华, 记者 张三) and the
# people named with pupils' awards (指导教师：王建国). 主持人 and 主讲人 are adults as often as not.
ADULT_ROLES = (f"{TITLES}|指导教师|指导老师|辅导老师|辅导教师|通讯员|撰稿|撰文|摄影|图片|文字|编辑|审核|审稿|"
               "一审|二审|三审|初审|复审|终审|签发|核稿|编发|作者|供稿|报道|裁判|嘉宾|评委|主持人|主讲人|家长|文|图")
# Written right before a name they make it a pupil's.
PUPIL_ROLES = ("学生代表|学生评委|少先队员|小主持人|小主持|升旗手|护旗手|小记者|小作者|小解说员|小选手|小运动员|"
               "中队长|大队长|小队长|班长|学生|队员|选手")
# Words that stand where a name would and look like one (a surname and one or two more characters).
NOT_NAMES = frozenset(
    "全体 全班 全校 全年级 高年级 高段 高中 初中 高一 高二 高三 初一 初二 初三 其他 其余 其中 部分 各位 广大 优秀 "
    "新生 小组 何人 方面 同时 于是 文明 文艺 成员 成绩 成功 马上 金牌 金奖 银奖 安全 高度 高兴 高效 华为 苏宁 "
    "龙舟 包括 解放 向上 江南 田径 田野 牛奶 白天 方案 方式 方向 程序 程度 关于 关心 关爱 宁静 常规 常态 温馨 "
    "齐心 许多 许可 任务 任何 任课 黎明 雷锋 余下 叶子 周末 周年 周边 周一 周二 周三 周四 周五 周六 周日 管理 "
    "武术 毛笔 尤其 宫殿 经典 代表 代替 李子 杨柳 华夏 史上 邱少云 通讯 文章 文字 作品 汇报 游戏 游泳 甘肃 "
    "江苏 江西 湖南 湖北 广东 广西 云南 贵州 四川 山东 山西 河南 河北 安徽 福建 浙江 辽宁 吉林 海南 宁夏 青海 "
    "陕西 西藏 新疆 台湾 香港 澳门 北京 上海 天津 重庆 学校 小学 中学 毕业 申请 党员 项目 车辆 路队".split())
NOT_GIVEN_NAMES = frozenset({"啦啦", "拉拉"})  # 啦啦队员: the cheering squad, not 边啦啦

__all__ = ["ADULT_ROLES", "COMPOUND_SURNAMES", "NOT_GIVEN_NAMES", "NOT_NAMES", "PUPIL_ROLES", "SURNAMES", "TITLES"]
