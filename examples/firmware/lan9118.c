/* LAN9118 driver for lwIP, from the SMSC LAN9118 datasheet. The numbers below
 * are the datasheet's: system control and status registers (SCSR) are
 * memory-mapped 32-bit words; the MAC's own registers are reached through
 * MAC_CSR_CMD/MAC_CSR_DATA, and the internal PHY (address 1) through the
 * MAC's MII_ACC/MII_DATA. Every wait on the hardware is bounded. */
#include "lan9118.h"

#include <string.h>

#include "lwip/etharp.h"
#include "lwip/pbuf.h"
#include "lwip/tcpip.h"
#include "netif/ethernet.h"

/* SCSR offsets */
enum {
    RX_DATA_FIFO = 0x00,
    TX_DATA_FIFO = 0x20,
    RX_STATUS_FIFO = 0x40,
    TX_STATUS_FIFO = 0x48,
    ID_REV = 0x50,
    IRQ_CFG = 0x54,
    INT_STS = 0x58,
    INT_EN = 0x5C,
    BYTE_TEST = 0x64,
    FIFO_INT = 0x68,
    RX_CFG = 0x6C,
    TX_CFG = 0x70,
    HW_CFG = 0x74,
    RX_FIFO_INF = 0x7C,
    TX_FIFO_INF = 0x80,
    PMT_CTRL = 0x84,
    MAC_CSR_CMD = 0xA4,
    MAC_CSR_DATA = 0xA8,
};

#define BYTE_TEST_VALUE 0x87654321u
#define HW_CFG_SRST (1u << 0)
#define HW_CFG_MBO (1u << 20)          /* "must be one" */
#define HW_CFG_TX_FIF_SZ_5K (5u << 16) /* 5 KB TX FIFO, the reset default */
#define PMT_CTRL_READY (1u << 0)
#define TX_CFG_TX_ON (1u << 1)
#define INT_RSFL (1u << 3)     /* RX status FIFO above its FIFO_INT level */
#define IRQ_CFG_EN (1u << 8)   /* drive the IRQ line */
#define IRQ_CFG_POL (1u << 4)  /* active high ... */
#define IRQ_CFG_TYPE (1u << 0) /* ... push-pull */
#define CSR_BUSY (1u << 31)
#define CSR_READ (1u << 30)

/* MAC CSR indexes and bits */
enum { MAC_CR = 1, ADDRH = 2, ADDRL = 3, MII_ACC = 6, MII_DATA = 7 };
#define MAC_CR_RXEN (1u << 2)
#define MAC_CR_TXEN (1u << 3)
#define MAC_CR_FDPX (1u << 20)
#define MII_BUSY (1u << 0)
#define MII_WRITE (1u << 1)
#define PHY_ADDR 1u

/* PHY registers (IEEE 802.3 clause 22) */
enum { PHY_BMCR = 0, PHY_BMSR = 1 };
#define BMCR_RESET (1u << 15)
#define BMCR_ANENABLE (1u << 12)
#define BMCR_ANRESTART (1u << 9)
#define BMSR_LINK (1u << 2)

/* TX command A/B and RX status words */
#define TXA_FIRST (1u << 13)
#define TXA_LAST (1u << 12)
#define RXS_ERROR (1u << 15)
#define RXS_LEN(s) (((s) >> 16) & 0x3FFFu)
#define FIFO_INF_SUSED(v) (((v) >> 16) & 0xFFu)
#define FIFO_INF_DUSED(v) ((v)&0xFFFFu)

#define SPIN_LIMIT 100000u
#define FRAME_MAX 1536u

static volatile uint32_t *reg(const lan9118_t *d, uint32_t off)
{
    return (volatile uint32_t *)(d->base + off);
}

static int wait_clear(const lan9118_t *d, uint32_t off, uint32_t bits)
{
    for (uint32_t i = 0; i < SPIN_LIMIT; i++) {
        if ((*reg(d, off) & bits) == 0) {
            return 0;
        }
    }
    return -1;
}

static int mac_read(const lan9118_t *d, uint32_t idx, uint32_t *val)
{
    if (wait_clear(d, MAC_CSR_CMD, CSR_BUSY) != 0) {
        return -1;
    }
    *reg(d, MAC_CSR_CMD) = CSR_BUSY | CSR_READ | idx;
    if (wait_clear(d, MAC_CSR_CMD, CSR_BUSY) != 0) {
        return -1;
    }
    *val = *reg(d, MAC_CSR_DATA);
    return 0;
}

static int mac_write(const lan9118_t *d, uint32_t idx, uint32_t val)
{
    if (wait_clear(d, MAC_CSR_CMD, CSR_BUSY) != 0) {
        return -1;
    }
    *reg(d, MAC_CSR_DATA) = val;
    *reg(d, MAC_CSR_CMD) = CSR_BUSY | idx;
    return wait_clear(d, MAC_CSR_CMD, CSR_BUSY);
}

static int mii_wait(const lan9118_t *d)
{
    for (uint32_t i = 0; i < SPIN_LIMIT / 16u; i++) {
        uint32_t v;
        if (mac_read(d, MII_ACC, &v) != 0) {
            return -1;
        }
        if ((v & MII_BUSY) == 0) {
            return 0;
        }
    }
    return -1;
}

static int phy_read(const lan9118_t *d, uint32_t r, uint32_t *val)
{
    if (mii_wait(d) != 0 || mac_write(d, MII_ACC, (PHY_ADDR << 11) | (r << 6) | MII_BUSY) != 0 ||
        mii_wait(d) != 0) {
        return -1;
    }
    return mac_read(d, MII_DATA, val);
}

static int phy_write(const lan9118_t *d, uint32_t r, uint32_t val)
{
    if (mii_wait(d) != 0 || mac_write(d, MII_DATA, val) != 0) {
        return -1;
    }
    return mac_write(d, MII_ACC, (PHY_ADDR << 11) | (r << 6) | MII_WRITE | MII_BUSY) == 0
               ? mii_wait(d)
               : -1;
}

/* Words are moved through frame-sized bounce buffers: pbuf chains have
 * arbitrary byte boundaries, the FIFOs move whole 32-bit words. One each way:
 * transmit runs in the tcpip thread, receive in the polling task. */
static uint32_t tx_words[FRAME_MAX / 4u], rx_words[FRAME_MAX / 4u];

static err_t lan9118_output(struct netif *netif, struct pbuf *p)
{
    lan9118_t *d = netif->state;
    uint32_t len = p->tot_len;
    if (len > FRAME_MAX - 4u) {
        d->tx_errors++;
        return ERR_BUF;
    }
    /* Command A and B take two words of the data FIFO ahead of the frame. */
    uint32_t words = (len + 3u) / 4u;
    uint32_t i;
    for (i = 0; i < SPIN_LIMIT && (*reg(d, TX_FIFO_INF) & 0xFFFFu) < words * 4u + 8u; i++) {
    }
    if (i == SPIN_LIMIT) {
        d->tx_errors++;
        return ERR_IF;
    }
    pbuf_copy_partial(p, tx_words, (u16_t)len, 0);
    *reg(d, TX_DATA_FIFO) = TXA_FIRST | TXA_LAST | len;
    *reg(d, TX_DATA_FIFO) = (len << 16) | len; /* tag = length, then length */
    for (i = 0; i < words; i++) {
        *reg(d, TX_DATA_FIFO) = tx_words[i];
    }
    /* Drain the TX status FIFO so it never fills and stalls transmission. */
    while (FIFO_INF_SUSED(*reg(d, TX_FIFO_INF)) != 0) {
        if (*reg(d, TX_STATUS_FIFO) & (1u << 15)) {
            d->tx_errors++;
        }
    }
    d->tx_frames++;
    return ERR_OK;
}

unsigned lan9118_poll(struct netif *netif)
{
    lan9118_t *d = netif->state;
    unsigned frames = 0;
    /* Bounded: at most as many frames as the status FIFO can hold. */
    for (unsigned n = 0; n < 64u && FIFO_INF_SUSED(*reg(d, RX_FIFO_INF)) != 0; n++) {
        uint32_t st = *reg(d, RX_STATUS_FIFO);
        uint32_t len = RXS_LEN(st); /* includes the 4-byte FCS */
        uint32_t words = (len + 3u) / 4u;
        int keep = (st & RXS_ERROR) == 0 && len > 4u && len <= FRAME_MAX;
        for (uint32_t i = 0; i < words; i++) {
            uint32_t w = *reg(d, RX_DATA_FIFO);
            if (keep) {
                rx_words[i] = w;
            }
        }
        if (!keep) {
            d->rx_dropped++;
            continue;
        }
        struct pbuf *p = pbuf_alloc(PBUF_RAW, (u16_t)(len - 4u), PBUF_POOL);
        if (p == NULL) {
            d->rx_dropped++;
            continue;
        }
        pbuf_take(p, rx_words, (u16_t)(len - 4u));
        if (netif->input(p, netif) != ERR_OK) {
            pbuf_free(p);
            d->rx_dropped++;
            continue;
        }
        d->rx_frames++;
        frames++;
    }
    return frames;
}

void lan9118_link_poll(struct netif *netif)
{
    lan9118_t *d = netif->state;
    uint32_t bmsr;
    if (phy_read(d, PHY_BMSR, &bmsr) != 0) {
        return;
    }
    int up = (bmsr & BMSR_LINK) != 0;
    if (up != netif_is_link_up(netif)) {
        LOCK_TCPIP_CORE();
        if (up) {
            netif_set_link_up(netif);
        } else {
            netif_set_link_down(netif);
        }
        UNLOCK_TCPIP_CORE();
    }
}

int lan9118_irq_arm(lan9118_t *d)
{
    *reg(d, INT_STS) = INT_RSFL; /* write 1 to clear */
    *reg(d, INT_EN) = INT_RSFL;
    return FIFO_INF_SUSED(*reg(d, RX_FIFO_INF)) != 0;
}

void lan9118_irq_mask(lan9118_t *d)
{
    *reg(d, INT_EN) = 0;
    d->irqs++;
}

static int lan9118_reset(const lan9118_t *d)
{
    if (*reg(d, BYTE_TEST) != BYTE_TEST_VALUE) {
        return -1;
    }
    *reg(d, HW_CFG) = HW_CFG_SRST;
    if (wait_clear(d, HW_CFG, HW_CFG_SRST) != 0) {
        return -1;
    }
    uint32_t i;
    for (i = 0; i < SPIN_LIMIT && (*reg(d, PMT_CTRL) & PMT_CTRL_READY) == 0; i++) {
    }
    if (i == SPIN_LIMIT) {
        return -1;
    }
    *reg(d, HW_CFG) = HW_CFG_MBO | HW_CFG_TX_FIF_SZ_5K;
    *reg(d, INT_EN) = 0; /* until lan9118_irq_arm() */
    *reg(d, INT_STS) = 0xFFFFFFFFu;
    *reg(d, FIFO_INT) = 0; /* RSFL as soon as one status word waits */
    *reg(d, IRQ_CFG) = IRQ_CFG_EN | IRQ_CFG_POL | IRQ_CFG_TYPE;
    *reg(d, RX_CFG) = 0; /* no data offset, word-aligned end */
    return 0;
}

err_t lan9118_netif_init(struct netif *netif)
{
    lan9118_t *d = netif->state;
    uint32_t lo, hi, bmcr;
    if (lan9118_reset(d) != 0 || mac_read(d, ADDRL, &lo) != 0 || mac_read(d, ADDRH, &hi) != 0) {
        return ERR_IF;
    }
    netif->hwaddr_len = ETH_HWADDR_LEN;
    for (int i = 0; i < 4; i++) {
        netif->hwaddr[i] = (u8_t)(lo >> (8 * i));
    }
    netif->hwaddr[4] = (u8_t)hi;
    netif->hwaddr[5] = (u8_t)(hi >> 8);
    /* Auto-negotiation after a PHY reset; the link state is followed by
     * lan9118_link_poll(). */
    if (phy_write(d, PHY_BMCR, BMCR_RESET) != 0) {
        return ERR_IF;
    }
    for (int i = 0; i < 1000; i++) {
        if (phy_read(d, PHY_BMCR, &bmcr) != 0) {
            return ERR_IF;
        }
        if ((bmcr & BMCR_RESET) == 0) {
            break;
        }
    }
    if (phy_write(d, PHY_BMCR, BMCR_ANENABLE | BMCR_ANRESTART) != 0 ||
        mac_write(d, MAC_CR, MAC_CR_RXEN | MAC_CR_TXEN | MAC_CR_FDPX) != 0) {
        return ERR_IF;
    }
    *reg(d, TX_CFG) = TX_CFG_TX_ON;
    netif->name[0] = 'e';
    netif->name[1] = 'n';
    netif->mtu = 1500;
    netif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET;
    netif->output = etharp_output;
    netif->linkoutput = lan9118_output;
    return ERR_OK;
}
